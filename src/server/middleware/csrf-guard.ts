import type { Context, MiddlewareHandler } from 'hono';
import { API_ERROR } from '@/contract/api-errors';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@/contract/bff';
import type { AppEnv } from '../app-env';
import { ApiHttpError, sendApiError } from '../http/api-error';
import { peerAddress } from '../http/client-address';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request defence for unsafe `/api` calls, checked before any handler runs:
 * - `Content-Type: application/json` (a cross-site form cannot send it without a preflight);
 * - the custom header `x-runwatch-csrf: 1` (same reason);
 * - a same-origin `Origin` (compared with `Host`; `Origin: null` is rejected), or, when a browser
 *   sends no Origin, `Sec-Fetch-Site: same-origin`.
 * Behind a trusted reverse proxy that rewrites `Host`, its `X-Forwarded-Host` is accepted as well.
 */
export function csrfGuard(options: { trustedProxies: readonly string[] }): MiddlewareHandler<AppEnv> {
  return async (c, next) => csrfRefusal(c, options.trustedProxies) ?? next();
}

/** The refusal `csrfGuard` answers with, or null when the request may go on (every safe method does). */
export function csrfRefusal(c: Context<AppEnv>, trustedProxies: readonly string[]): Response | null {
  if (!UNSAFE_METHODS.has(c.req.method)) return null;
  const reason = rejectionReason(c.req.raw.headers, () => forwardedHost(c, trustedProxies));
  if (!reason) return null;
  c.get('log').warn('cross-site request refused', { reason, method: c.req.method, path: c.req.path.slice(0, 200) });
  return sendApiError(c, new ApiHttpError(API_ERROR.csrf_rejected, `request refused: ${reason}`));
}

function rejectionReason(headers: Headers, trustedForwardedHost: () => string | null): string | null {
  const mediaType = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') return 'Content-Type must be application/json';
  if (headers.get(CSRF_HEADER) !== CSRF_HEADER_VALUE) return `the ${CSRF_HEADER} header is missing`;

  const origin = headers.get('origin');
  if (origin === null) {
    return headers.get('sec-fetch-site') === 'same-origin' ? null : 'the request is not from this origin';
  }
  const originHost = hostOf(origin);
  if (!originHost) return 'the request is not from this origin';
  const host = (headers.get('host') ?? '').toLowerCase();
  if (originHost === host || stripDefaultPort(originHost) === stripDefaultPort(host)) return null;
  const forwarded = trustedForwardedHost();
  if (forwarded && stripDefaultPort(originHost) === stripDefaultPort(forwarded)) return null;
  return 'the request is not from this origin';
}

function hostOf(origin: string): string | null {
  // `null` (sandboxed frames, file: pages) and anything unparseable are refused.
  if (origin === 'null') return null;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.host.toLowerCase();
  } catch {
    return null;
  }
}

function stripDefaultPort(host: string): string {
  return host.replace(/:(80|443)$/, '');
}

function forwardedHost(c: Context<AppEnv>, trustedProxies: readonly string[]): string | null {
  if (trustedProxies.length === 0) return null;
  const peer = peerAddress(c);
  if (!peer || !trustedProxies.includes(peer.replace(/^::ffff:/, ''))) return null;
  const value = c.req.header('x-forwarded-host');
  return value ? value.split(',')[0]!.trim().toLowerCase() : null;
}
