import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WireErrorItem } from '../scenarios/scenario-types';
import { newRequestId } from './request-id';

/** The upstream error body: always an array of errors plus the request id. */
export function errorBody(error: WireErrorItem, requestId: string): { errors: WireErrorItem[]; request_id: string } {
  return { errors: [error], request_id: requestId };
}

export function sendError(c: Context, status: ContentfulStatusCode, error: WireErrorItem): Response {
  const requestId = (c.get('requestId') as string | undefined) ?? newRequestId();
  return c.json(errorBody(error, requestId), status);
}

export function invalidParameter(c: Context, field: string, message: string): Response {
  return sendError(c, 400, { type: 'request', code: 'parameter_invalid', message, field });
}

export const NOT_FOUND_MESSAGES = {
  task_run_not_found: 'No task run with that id exists in this organization.',
  storage_not_found: 'No storage item with that id exists in this organization.',
  event_not_found: 'No event with that id exists in this organization.',
  task_not_found: 'No task with that id exists in this organization.',
} as const;

export function notFound(c: Context, code: keyof typeof NOT_FOUND_MESSAGES): Response {
  return sendError(c, 404, { type: 'request', code, message: NOT_FOUND_MESSAGES[code] });
}
