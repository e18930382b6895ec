import { API_ERROR } from '@/contract/api-errors';
import { UpstreamError } from '../upstream/upstream-error';
import { InvalidIdError } from '../upstream/upstream-paths';
import { ApiHttpError } from './api-error';
import { redactUntrustedText } from './untrusted-text';

/** What the failing call was doing; decides the code of a refused (4xx) upstream answer. */
export type UpstreamCallContext = 'run' | 'list' | 'interaction' | 'cancel';

/** Longest upstream error message passed on; the rest is prose nobody needs to act. */
const MAX_UPSTREAM_MESSAGE = 500;

/**
 * Turns an upstream failure into Runwatch's error envelope. Messages are ours, never the
 * upstream's text for key problems (it could quote the key); the upstream's own error items are
 * passed on only when it refused what we asked (or blocked the organization or source), so the
 * person can see why — and only through `upstreamDetails`, which redacts them.
 */
export function apiErrorFromUpstream(error: unknown, context: UpstreamCallContext): unknown {
  if (error instanceof InvalidIdError) return new ApiHttpError(API_ERROR.invalid_id, `invalid ${error.kind} id`);
  if (!(error instanceof UpstreamError)) return error;
  const upstreamRequestId = error.upstreamRequestId;
  const base = { upstreamRequestId, cause: error };
  switch (error.kind) {
    case 'not_found':
      return context === 'list'
        ? new ApiHttpError(API_ERROR.upstream_error, 'the upstream failed', base)
        : new ApiHttpError(API_ERROR.run_not_found, 'run not found', base);
    case 'auth':
      return new ApiHttpError(API_ERROR.upstream_auth, 'the upstream rejected the configured key', base);
    case 'organization_blocked':
      return new ApiHttpError(
        API_ERROR.upstream_organization_blocked,
        'the upstream refused this organization (plan, billing or entitlement); retrying will not help',
        { ...base, details: upstreamDetails(error) },
      );
    case 'source_blocked':
      return new ApiHttpError(API_ERROR.upstream_source_blocked, 'the upstream blocks access to this source (website)', {
        ...base,
        details: upstreamDetails(error),
      });
    case 'rejected':
      return rejected(error, context, base);
    case 'rate_limited':
    case 'busy': {
      const retryAfter = String(error.details.retryAfterSeconds ?? 1);
      return new ApiHttpError(API_ERROR.upstream_busy, 'the upstream is busy; try again shortly', { ...base, headers: { 'Retry-After': retryAfter } });
    }
    case 'timeout':
      return new ApiHttpError(API_ERROR.upstream_timeout, 'the upstream did not answer in time', base);
    case 'network':
      return new ApiHttpError(API_ERROR.upstream_unreachable, 'the upstream could not be reached', base);
    case 'server':
    case 'bad_response':
    case 'redirect':
      return new ApiHttpError(API_ERROR.upstream_error, error.kind === 'server' ? 'the upstream failed' : error.message, base);
  }
}

function rejected(error: UpstreamError, context: UpstreamCallContext, base: { upstreamRequestId: string | null; cause: unknown }): ApiHttpError {
  const options = { ...base, details: upstreamDetails(error) };
  const conflict = error.httpStatus === 409;
  switch (context) {
    case 'interaction':
      return conflict
        ? new ApiHttpError(API_ERROR.interaction_conflict, 'the upstream did not accept an answer for this run right now', options)
        : new ApiHttpError(API_ERROR.interaction_rejected, 'the upstream rejected the answer', options);
    case 'cancel':
      return conflict
        ? new ApiHttpError(API_ERROR.not_cancelable, 'the run cannot be canceled in its current state', options)
        : new ApiHttpError(API_ERROR.cancel_rejected, 'the upstream rejected the cancel request', options);
    case 'list':
      return error.items.some((item) => item.code === 'cursor_invalid')
        ? new ApiHttpError(API_ERROR.invalid_cursor, 'the page cursor is invalid or expired; start from the first page', options)
        : new ApiHttpError(API_ERROR.invalid_request, 'the upstream rejected the filters', options);
    case 'run':
      return new ApiHttpError(API_ERROR.invalid_request, 'the upstream rejected the request', options);
  }
}

/**
 * The upstream's error items as passed on: type, code, field and message, each redacted and the
 * message cut short. Items whose envelope did not parse are passed on by their labels only.
 */
function upstreamDetails(error: UpstreamError): { upstreamStatus: number | null; upstreamErrors: unknown[] } {
  const text = (value: string | null | undefined, max = 100) => (typeof value === 'string' ? redactUntrustedText(value).slice(0, max) : null);
  const items =
    error.items.length > 0
      ? error.items.slice(0, 20).map((item) => ({
          type: text(item.type),
          code: text(item.code),
          message: text(item.message, MAX_UPSTREAM_MESSAGE) ?? '',
          field: text(item.field),
        }))
      : (error.details.labels ?? []).map((label) => ({ type: text(label.type), code: text(label.code), message: '', field: null }));
  return { upstreamStatus: error.httpStatus, upstreamErrors: items };
}
