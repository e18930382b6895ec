import type { Context } from 'hono';
import { ROLES, roleAtLeast, type Role } from '@/contract/roles';
import type { CallerRequest } from './caller-request';

// The roles are the contract's (src/contract/roles.ts); kept reachable here for the server's callers.
export { ROLES, roleAtLeast, type Role };

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

/** Resolves the caller of a request; null when nobody is signed in. */
export type Authenticate = (c: Context) => Promise<Principal | null>;

/** Who is calling, from what a request carries: a Hono Context's or a bare node:http request's (the run read lane). */
export type IdentifyCaller = (request: CallerRequest) => Promise<Principal | null>;
