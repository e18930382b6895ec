export const FAULT_KINDS = ['500', '503', 'hang', 'slow', 'malformed_json', '429', 'reset', '401'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  kind: FaultKind;
  /** How many matching requests this fault still applies to. */
  count: number;
  /** Only requests whose path starts with this (e.g. `/v2/task-runs/trun_x`). */
  pathPrefix?: string;
  /** For `slow`: how long to wait before answering normally. */
  delayMs?: number;
  /** For `429`: send a `Retry-After` header with this many seconds. */
  retryAfterSeconds?: number;
}

/** A queue of armed faults; each matching /v2 request consumes one use of the first match. */
export class FaultInjector {
  private faults: FaultSpec[] = [];

  arm(fault: FaultSpec): void {
    if (fault.count > 0) this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults = [];
  }

  pending(): FaultSpec[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  take(path: string): FaultSpec | null {
    const fault = this.faults.find((candidate) => candidate.pathPrefix === undefined || path.startsWith(candidate.pathPrefix));
    if (!fault) return null;
    fault.count -= 1;
    if (fault.count <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }
}
