import { ApiRequestError } from '@/web/lib/api-request-error';

/** True for the server's "sign in first" answer (401), whatever the route. */
export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 401;
}
