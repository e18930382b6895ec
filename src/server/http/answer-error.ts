import type { Context } from 'hono';
import { API_ERROR } from '@/contract/api-errors';
import type { AppEnv } from '../app-env';
import type { Logger } from '../logger';
import { ApiHttpError, sendApiError } from './api-error';

/**
 * The app's answer to an error a handler threw: an `ApiHttpError` as its envelope (logged when it
 * is Runwatch's or the upstream's fault), anything else as `internal_error` with the error logged.
 */
export function answerError(error: Error, c: Context<AppEnv>): Response {
  return sendApiError(c, apiErrorToAnswer(error, c.get('log')));
}

/** The `ApiHttpError` `answerError` answers with for a thrown error, logged as it logs it. */
export function apiErrorToAnswer(error: unknown, log: Logger): ApiHttpError {
  if (error instanceof ApiHttpError) {
    if (error.status >= 500) log.warn('request failed', { code: error.code, cause: describeCause(error.cause) });
    return error;
  }
  log.error('unhandled error', { error });
  return new ApiHttpError(API_ERROR.internal_error, 'something went wrong in Runwatch');
}

/** Enough of a failure's cause to debug from logs, without stack traces of expected failures. */
function describeCause(cause: unknown): unknown {
  if (!(cause instanceof Error)) return undefined;
  const inner = cause.cause instanceof Error ? { name: cause.cause.name, message: cause.cause.message } : undefined;
  return { name: cause.name, message: cause.message, inner };
}
