import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../../contract/bff';
import type { AppEnv } from '../app-env';

/** Answers with the one error shape every `/api` route uses (`apiErrorSchema`). */
export function errorResponse(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: unknown,
): Response {
  const body: ApiError = {
    error: { code, message, requestId: c.get('requestId') ?? '', upstreamRequestId: null, ...(details === undefined ? {} : { details }) },
  };
  return c.json(body, status);
}
