export interface LoggedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Raw query string without `?`, empty when there was none. */
  query: string;
  /** HTTP status sent; 0 when the connection was reset or left hanging. */
  status: number;
  requestId: string;
}

const MAX_ENTRIES = 100_000;

/** Every /v2 request the simulator served, so tests can count upstream calls. */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  all(): LoggedRequest[] {
    return [...this.entries];
  }

  reset(): void {
    this.entries = [];
  }
}
