/**
 * The error every failed `/api` call throws (see api-client.ts). Kept in its own module, free of
 * schema code, so error handling in the app shell does not pull the schema library into the
 * initial bundle.
 */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly upstreamRequestId: string | null,
    /** Seconds the server asked us to wait (503 `Retry-After`), if any. */
    readonly retryAfterSeconds: number | null,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}
