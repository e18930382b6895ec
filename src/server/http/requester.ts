import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import type { Principal } from './principal';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, cookieValue } from './session-cookie-names';
import { runForRequester } from '../upstream/requester-context';

/**
 * The key a request's upstream calls are budgeted under: its session, so two people behind one
 * office address (or one person in two browsers) each get a share. The session token is hashed,
 * never kept or logged as is. Proxy sign-ins carry no session cookie; they are keyed by user.
 */
export function requesterKey(c: Context<AppEnv>): string | null {
  return requesterKeyOf(c.req.header('cookie'), c.get('principal'));
}

/** `requesterKey` from the request's Cookie header and its caller (the run read lane has no Context). */
export function requesterKeyOf(cookieHeader: string | undefined, principal: Principal | null): string | null {
  const token = cookieValue(cookieHeader, SECURE_SESSION_COOKIE) ?? cookieValue(cookieHeader, SESSION_COOKIE);
  if (token) return `session:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`;
  return principal ? `user:${principal.userId}` : null;
}

/** Runs `work` with the upstream calls it makes counted against this request's session. */
export function asRequester<T>(c: Context<AppEnv>, work: () => T): T {
  return runForRequester(requesterKey(c), work);
}
