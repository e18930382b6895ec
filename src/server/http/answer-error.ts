import type { Context } from 'hono';
import { API_ERROR } from '@/contract/api-errors';
import type { AppEnv } from '../app-env';
import { ApiHttpError, sendApiError } from './api-error';

/**
 * The app's answer to an error a handler threw: an `ApiHttpError` as its envelope (logged when it
 * is Runwatch's or the upstream's fault), anything else as `internal_error` with the error logged.
 */
export function answerError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof ApiHttpError) {
    if (error.status >= 500) c.get('log').warn('request failed', { code: error.code, cause: describeCause(error.cause) });
    return sendApiError(c, error);
  }
  c.get('log').error('unhandled error', { error });
  return sendApiError(c, new ApiHttpError(API_ERROR.internal_error, 'something went wrong in Runwatch'));
}

/** Enough of a failure's cause to debug from logs, without stack traces of expected failures. */
function describeCause(cause: unknown): unknown {
  if (!(cause instanceof Error)) return undefined;
  const inner = cause.cause instanceof Error ? { name: cause.cause.name, message: cause.cause.message } : undefined;
  return { name: cause.name, message: cause.message, inner };
}
