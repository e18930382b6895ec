import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { useCompressedJson } from './compress-json';
import { csrfRefusal } from './csrf-guard';

/**
 * What every `/api` request passes before its route, as one layer: `c.json` that compresses
 * (compress-json.ts), the cross-site check of unsafe methods (csrf-guard.ts), then `limitBody`
 * for methods that carry a body. GET and HEAD have no body to limit; asking for one would build a
 * full fetch Request.
 */
export function apiGuard(options: { trustedProxies: readonly string[]; limitBody: MiddlewareHandler<AppEnv> }): MiddlewareHandler<AppEnv> {
  const { trustedProxies, limitBody } = options;
  return async (c, next) => {
    useCompressedJson(c);
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    return csrfRefusal(c, trustedProxies) ?? limitBody(c, next);
  };
}
