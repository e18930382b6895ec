import type { MiddlewareHandler } from 'hono';
import { API_ERROR } from '@/contract/api-errors';
import type { AppEnv } from '../app-env';
import { roleAtLeast, type Authenticate, type RoutePolicy } from '../http/principal';
import { ApiHttpError, sendApiError } from '../http/api-error';

/** Runs before a route's handler: resolves the caller and checks the route's policy (default deny). */
export function authorize(policy: RoutePolicy, authenticate: Authenticate): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (policy === 'public') return next();
    const principal = await authenticate(c);
    if (!principal) return sendApiError(c, new ApiHttpError(API_ERROR.unauthenticated, 'sign in to continue'));
    c.set('principal', principal);
    if (!roleAtLeast(principal.role, policy)) {
      return sendApiError(c, new ApiHttpError(API_ERROR.forbidden, `this needs the ${policy} role`));
    }
    return next();
  };
}
