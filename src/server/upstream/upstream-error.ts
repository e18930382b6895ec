import type { UpstreamErrorItem } from '../../contract/upstream';

/**
 * How an upstream call failed, in the few kinds Runwatch treats differently:
 * - `not_found`: 404 from the upstream.
 * - `auth`: 401/403 — the configured key was rejected.
 * - `rejected`: another 4xx (400/409/422…) — the upstream refused what we asked.
 * - `rate_limited`: 429 that Runwatch could not wait out within the request's deadline.
 * - `busy`: Runwatch's own request budget had no room before the deadline.
 * - `server`: 5xx. `bad_response`: unparseable or off-contract body. `redirect`: any 3xx.
 * - `timeout`: no answer in time. `network`: connection refused/reset.
 */
export type UpstreamFailureKind =
  | 'not_found'
  | 'auth'
  | 'rejected'
  | 'rate_limited'
  | 'busy'
  | 'server'
  | 'bad_response'
  | 'redirect'
  | 'timeout'
  | 'network';

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    message: string,
    readonly details: {
      httpStatus?: number | null;
      upstreamRequestId?: string | null;
      items?: UpstreamErrorItem[];
      retryAfterSeconds?: number | null;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'UpstreamError';
  }

  get httpStatus(): number | null {
    return this.details.httpStatus ?? null;
  }

  get upstreamRequestId(): string | null {
    return this.details.upstreamRequestId ?? null;
  }

  get items(): UpstreamErrorItem[] {
    return this.details.items ?? [];
  }
}

/** Failures worth another attempt of an idempotent read. */
export function isTransient(error: UpstreamError): boolean {
  return error.kind === 'server' || error.kind === 'timeout' || error.kind === 'network';
}
