import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../../contract/bff';
import { redactUntrusted, redactUntrustedText } from './untrusted-text';

/**
 * Every error code Runwatch's `/api` sends, with its HTTP status. The SPA branches on `code`;
 * messages are for people and may change.
 */
export const API_ERRORS = {
  invalid_id: 400,
  invalid_request: 400,
  invalid_cursor: 400,
  invalid_interaction: 400,
  weak_password: 400,
  interaction_rejected: 400,
  cancel_rejected: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_rejected: 403,
  not_found: 404,
  run_not_found: 404,
  request_not_found: 404,
  screenshot_not_found: 404,
  file_not_found: 404,
  not_waiting_for_input: 409,
  password_change_required: 409,
  interaction_conflict: 409,
  not_cancelable: 409,
  payload_too_large: 413,
  too_many_attempts: 429,
  internal_error: 500,
  upstream_error: 502,
  upstream_auth: 502,
  upstream_organization_blocked: 502,
  upstream_source_blocked: 502,
  upstream_unreachable: 502,
  file_unavailable: 502,
  file_too_large: 502,
  upstream_busy: 503,
  not_ready: 503,
  busy: 503,
  upstream_timeout: 504,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export interface ApiErrorOptions {
  upstreamRequestId?: string | null;
  details?: unknown;
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** Thrown by handlers and helpers; `createApp`'s error handler turns it into the envelope. */
export class ApiHttpError extends Error {
  readonly status: ContentfulStatusCode;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly options: ApiErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ApiHttpError';
    this.status = API_ERRORS[code];
  }
}

/**
 * The envelope every error leaves through. Messages and details may carry upstream text, so all of
 * it is redacted here, once, for every route: no key- or bearer-shaped string reaches a viewer.
 */
export function errorBody(requestId: string, error: ApiHttpError): ApiError {
  const upstreamRequestId = error.options.upstreamRequestId ?? null;
  return {
    error: {
      code: error.code,
      message: redactUntrustedText(error.message),
      requestId,
      upstreamRequestId: upstreamRequestId === null ? null : redactUntrustedText(upstreamRequestId),
      ...(error.options.details === undefined ? {} : { details: redactUntrusted(error.options.details) }),
    },
  };
}

export function sendApiError(c: Context, error: ApiHttpError): Response {
  const requestId = (c.get('requestId') as string | undefined) ?? 'rw_unknown';
  for (const [name, value] of Object.entries(error.options.headers ?? {})) c.header(name, value);
  return c.json(errorBody(requestId, error), error.status);
}
