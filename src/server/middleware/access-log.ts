import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';

/**
 * One structured line per request: method, path, status, duration, cache outcome and who asked.
 * Never the query string (filters and cursors are harmless, but a pasted link could carry a token)
 * and never bodies (interaction answers are secrets). At debug level: every open page polls, so at
 * the default level these lines would bury what the console is for (the URL, the demo passwords,
 * warnings). RUNWATCH_LOG_LEVEL=debug shows them.
 */
export function accessLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logRequest(c, started);
  };
}

/** The line `accessLog` writes, for a request that began at `started` (performance.now()). */
export function logRequest(c: Context<AppEnv>, started: number): void {
  const principal = c.get('principal');
  c.get('log').debug('request', {
    method: c.req.method,
    path: c.req.path.slice(0, 200),
    status: c.res.status,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    cache: c.res.headers.get('x-cache') ?? undefined,
    user: principal?.userId,
  });
}
