import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { metrics } from './metrics';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Times every request and counts it under the route pattern that answered it (`/api/runs/:runId`,
 * never the raw path), so the number of series stays that of the route table. Requests no route
 * answered are `(static)` (the SPA and its assets) or `(unmatched)` (404).
 */
export function httpMetrics(): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const pattern = routePath(c);
      // A pattern ending in `*` is a middleware's (`*`, `/api/*`): no route answered.
      const route = pattern === '' || pattern.endsWith('*') ? (c.res.status === 404 ? '(unmatched)' : '(static)') : pattern;
      const method = KNOWN_METHODS.has(c.req.method) ? c.req.method : 'OTHER';
      metrics.httpRequest(method, route, c.res.status, (performance.now() - started) / 1000);
    }
  };
}
