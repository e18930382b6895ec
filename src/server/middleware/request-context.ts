import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import type { Logger } from '../logger';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** A fresh id for every request (never taken from the client, which could forge one). */
export function newRequestId(): string {
  return `rw_${randomBytes(12).toString('base64url')}`;
}

/** Gives every request its id, a logger carrying it, and an empty principal; echoes the id in a header. */
export function requestContext(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = newRequestId();
    c.set('requestId', requestId);
    c.set('log', log.child({ requestId }));
    c.set('principal', null);
    await next();
    c.res.headers.set(REQUEST_ID_HEADER, requestId);
  };
}
