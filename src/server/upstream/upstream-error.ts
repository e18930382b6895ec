import type { UpstreamErrorItem } from '@/contract/upstream';

/**
 * How an upstream call failed, in the few kinds Runwatch treats differently:
 * - `not_found`: 404 from the upstream.
 * - `auth`: 401, or a 403 without a more specific error type — the configured key was rejected.
 * - `organization_blocked`: 403 whose error type is `organization` (plan, billing, entitlement);
 *   retrying never helps.
 * - `source_blocked`: 403 whose error type is `source` (e.g. `source_blocked`): the website is blocked.
 * - `rejected`: another 4xx (400/409/422…) — the upstream refused what we asked.
 * - `rate_limited`: 429 that Runwatch could not wait out within the request's deadline.
 * - `busy`: Runwatch's own request budget had no room before the deadline.
 * - `server`: 5xx. `bad_response`: unparseable or off-contract body. `redirect`: any 3xx.
 * - `timeout`: no answer in time. `network`: connection refused/reset.
 */
export type UpstreamFailureKind =
  | 'not_found'
  | 'auth'
  | 'organization_blocked'
  | 'source_blocked'
  | 'rejected'
  | 'rate_limited'
  | 'busy'
  | 'server'
  | 'bad_response'
  | 'redirect'
  | 'timeout'
  | 'network';

/** What an error item says about itself, read liberally: a missing or odd `type`/`code` is null. */
export interface ErrorItemLabels {
  type: string | null;
  code: string | null;
}

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    message: string,
    readonly details: {
      httpStatus?: number | null;
      upstreamRequestId?: string | null;
      items?: UpstreamErrorItem[];
      /** `type`/`code` of every item of the error body, even when the envelope as a whole did not parse. */
      labels?: ErrorItemLabels[];
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

/** `type` and `code` of each item of an error body (`{ errors: [...] }`), whatever else the items carry. */
export function errorItemLabels(json: unknown): ErrorItemLabels[] {
  if (typeof json !== 'object' || json === null) return [];
  const errors = (json as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.slice(0, 20).map((item: unknown) => {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    return { type: label(record.type), code: label(record.code) };
  });
}

function label(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= 100 ? value.toLowerCase() : null;
}

/**
 * The kind of a 403: a refusal for the organization (plan, entitlement) or for the source (a
 * blocked website) when an error item says so by its type (or, lacking one, its code); otherwise
 * the key was refused.
 */
export function forbiddenKind(labels: readonly ErrorItemLabels[]): 'organization_blocked' | 'source_blocked' | 'auth' {
  if (labels.some((l) => l.type === 'organization')) return 'organization_blocked';
  if (labels.some((l) => l.type === 'source')) return 'source_blocked';
  if (labels.some((l) => l.type === null && l.code?.startsWith('organization'))) return 'organization_blocked';
  if (labels.some((l) => l.type === null && l.code?.startsWith('source'))) return 'source_blocked';
  return 'auth';
}
