import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

const ALWAYS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
};
const ALWAYS_ENTRIES = Object.entries(ALWAYS);

/**
 * What `applySecurityHeaders` adds to an `/api` answer that sets neither a policy nor caching of
 * its own, as name/value pairs (lower-case, as sent): the run read lane writes them as they are.
 */
export const API_ANSWER_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['x-content-type-options', 'nosniff'],
  ['content-security-policy', CONTENT_SECURITY_POLICY],
  ...ALWAYS_ENTRIES.filter(([name]) => name !== 'X-Content-Type-Options').map(([name, value]) => [name.toLowerCase(), value] as const),
  ['cache-control', 'no-store'],
];

/**
 * Headers every response carries, including errors and static files. `/api` answers are never
 * cached unless a handler says otherwise (file downloads do). CORS headers are removed wherever
 * they came from: the browser only ever calls Runwatch same-origin.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    applySecurityHeaders(c);
  };
}

/** What `securityHeaders` does to a finished response. */
export function applySecurityHeaders(c: Context<AppEnv>): void {
  let headers: Headers;
  try {
    headers = c.res.headers;
    headers.set('X-Content-Type-Options', 'nosniff');
  } catch {
    // A response passed through as-is (e.g. straight from fetch) has immutable headers; copy it.
    c.res = new Response(c.res.body, c.res);
    headers = c.res.headers;
  }
  // A handler may tighten the policy (file downloads add a sandbox); nothing loosens it.
  if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  for (const [name, value] of ALWAYS_ENTRIES) headers.set(name, value);
  headers.delete('X-Powered-By');
  let cors: string[] | undefined;
  for (const name of headers.keys()) {
    if (name.toLowerCase().startsWith('access-control-')) (cors ??= []).push(name);
  }
  if (cors) for (const name of cors) headers.delete(name);
  if (c.req.path.startsWith('/api/') && !headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
}
