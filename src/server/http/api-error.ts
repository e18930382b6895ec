import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { API_ERROR_STATUS, type ApiErrorCode } from '@/contract/api-errors';
import type { ApiError } from '@/contract/bff';
import { redactUntrusted, redactUntrustedText } from './untrusted-text';

/** Each `/api` error code's status (src/contract/api-errors.ts), checked to be one Hono may send with a body. */
const STATUS_OF: Readonly<Record<ApiErrorCode, ContentfulStatusCode>> = API_ERROR_STATUS;

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
    this.status = STATUS_OF[code];
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
