import { parse } from 'hono/utils/cookie';

/**
 * The session cookie's names. Over HTTPS it is `__Host-runwatch_session`: the prefix makes browsers
 * refuse it unless it is Secure, host-only and Path=/, so a sibling subdomain cannot plant one. Over
 * plain HTTP (local use) the prefix is not allowed, so the bare name is used.
 */
export const SESSION_COOKIE = 'runwatch_session';
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** One cookie's value from a Cookie header, read as Hono's `getCookie` reads it (same parser). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  return header ? parse(header, name)[name] : undefined;
}
