import { randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import type { Logger } from '../logger';

export const REQUEST_ID_HEADER = 'X-Request-Id';

const ID_BYTES = 12;
/** Random bytes are drawn from the OS in blocks; one call per request was a measurable cost. */
const POOL_BYTES = ID_BYTES * 512;
let pool = Buffer.alloc(0);
let poolOffset = POOL_BYTES;

/** A fresh id for every request (never taken from the client, which could forge one). */
export function newRequestId(): string {
  if (poolOffset + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const id = pool.toString('base64url', poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return `rw_${id}`;
}

/** Gives every request its id, a logger carrying it, and an empty principal; echoes the id in a header. */
export function requestContext(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = beginRequest(c, log);
    await next();
    c.res.headers.set(REQUEST_ID_HEADER, requestId);
  };
}

/** The part of `requestContext` before the handler; returns the id to echo once the response is made. */
export function beginRequest(c: Context<AppEnv>, log: Logger): string {
  const requestId = newRequestId();
  c.set('requestId', requestId);
  c.set('log', log.child({ requestId }));
  c.set('principal', null);
  return requestId;
}
