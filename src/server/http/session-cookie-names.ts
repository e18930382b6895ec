import { parse } from 'hono/utils/cookie';
import { RememberedStrings } from './remembered-strings';

/**
 * The session cookie's names. Over HTTPS it is `__Host-runwatch_session`: the prefix makes browsers
 * refuse it unless it is Secure, host-only and Path=/, so a sibling subdomain cannot plant one. Over
 * plain HTTP (local use) the prefix is not allowed, so the bare name is used.
 */
export const SESSION_COOKIE = 'runwatch_session';
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** The session cookie's value under each name, by Cookie header: a browser sends the same header on every poll. */
const sessionCookieOf = new Map([SESSION_COOKIE, SECURE_SESSION_COOKIE].map((name) => [name, new RememberedStrings((header) => parse(header, name)[name])]));

/** One cookie's value from a Cookie header, read as Hono's `getCookie` reads it (same parser). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const remembered = sessionCookieOf.get(name);
  return remembered ? remembered.of(header) : parse(header, name)[name];
}
