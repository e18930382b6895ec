import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import type { Principal } from './principal';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, cookieValue } from './session-cookie-names';
import { runForRequester } from '../upstream/requester-context';
import { RememberedStrings } from './remembered-strings';

/**
 * The key a request's upstream calls are budgeted under: its session, so two people behind one
 * office address (or one person in two browsers) each get a share. The key is a hash of the
 * session token, so the token never shows in a key, a log line or a metric. Proxy sign-ins carry
 * no session cookie; they are keyed by user.
 */
export function requesterKey(c: Context<AppEnv>): string | null {
  return requesterKeyOf(c.req.header('cookie'), c.get('principal'));
}

/** A session's key by its token, hashed once: every poll of a page carries the same token. */
const sessionKeyOf = new RememberedStrings((token) => `session:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`);

/** `requesterKey` from the request's Cookie header and its caller (the run read lane has no Context). */
export function requesterKeyOf(cookieHeader: string | undefined, principal: Principal | null): string | null {
  const token = cookieValue(cookieHeader, SECURE_SESSION_COOKIE) ?? cookieValue(cookieHeader, SESSION_COOKIE);
  if (token) return sessionKeyOf.of(token);
  return principal ? `user:${principal.userId}` : null;
}

/** Runs `work` with the upstream calls it makes counted against this request's session. */
export function asRequester<T>(c: Context<AppEnv>, work: () => T): T {
  return runForRequester(requesterKey(c), work);
}
