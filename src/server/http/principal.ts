import type { Context } from 'hono';

/** Roles in increasing order of power: each role may do everything the ones before it may. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved from the session cookie or a trusted SSO proxy header. */
export interface Principal {
  userId: string;
  name: string;
  role: Role;
  /** How the principal was established, for the audit log. */
  via: 'session' | 'proxy';
}

/**
 * What each route declares about who may call it. `public` routes need no sign-in (health checks,
 * sign-in itself); every other route names the least role it needs. A route without a policy is a bug.
 */
export type RoutePolicy = 'public' | Role;

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Resolves the caller of a request; null when nobody is signed in. */
export type Authenticate = (c: Context) => Promise<Principal | null>;
