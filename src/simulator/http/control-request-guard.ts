import type { MiddlewareHandler } from 'hono';
import { sendError } from './error-envelope';
import type { SimulatorEnv } from './simulator-context';

/**
 * The controls carry no key, so they must not be reachable from a web page: in demo mode the
 * simulator listens on the user's loopback, where any site they visit could post to it.
 * - Any `Origin` header is refused: browsers send one on cross-site POSTs and on cross-origin
 *   fetches, while tests and tooling (Node's fetch, curl) send none.
 * - A body must be `Content-Type: application/json`, which a plain HTML form cannot send.
 */
export function controlRequestGuard(): MiddlewareHandler<SimulatorEnv> {
  return async (c, next) => {
    if (c.req.header('origin') !== undefined) {
      return sendError(c, 403, {
        type: 'request',
        code: 'origin_forbidden',
        message: 'Simulator controls do not accept requests from web pages.',
      });
    }
    const contentType = c.req.header('content-type');
    if (hasBody(c.req.raw) || contentType !== undefined) {
      const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
      if (mediaType !== 'application/json') {
        return sendError(c, 415, {
          type: 'request',
          code: 'content_type_unsupported',
          message: 'Send control bodies as Content-Type: application/json.',
        });
      }
    }
    await next();
  };
}

function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length');
  if (length !== null) return length.trim() !== '0';
  return request.headers.has('transfer-encoding');
}
