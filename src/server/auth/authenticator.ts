import { ACCOUNT_NAME_PATTERN } from '@/contract/limits';
import type { AccountStore } from './account-store';
import { callerRequestOf } from '../http/caller-request';
import type { Authenticate, IdentifyCaller, Principal, Role } from '../http/principal';
import type { ProxyTrust } from './proxy-trust';
import type { SessionCookies } from './session-cookie';
import type { SessionStore } from './session-store';

export interface ProxySignIn {
  /** Lower-case header name carrying the user name the proxy signed in. */
  userHeader: string;
  /** Role for proxy users without a local account of the same name. */
  role: Role;
}

export interface AuthenticatorDeps {
  accounts: AccountStore;
  sessions: SessionStore;
  cookies: SessionCookies;
  trust: ProxyTrust;
  proxy: ProxySignIn | null;
}

/**
 * Resolves who is calling. A trusted reverse proxy's user header wins when the TCP peer is one of
 * the trusted proxies (and only then); otherwise the session cookie decides. The session and its
 * account are read per request, or reused for at most a second while the accounts database has not
 * changed (see the session store), so a role change or a disabled account counts at once on this
 * server and within 50 ms from another process on the same SQLite file; PostgreSQL reads every time.
 */
export function createIdentifyCaller(deps: AuthenticatorDeps): IdentifyCaller {
  const { accounts, sessions, cookies, trust, proxy } = deps;

  const fromProxy = async (name: string): Promise<Principal | null> => {
    if (!proxy || !ACCOUNT_NAME_PATTERN.test(name)) return null;
    const account = await accounts.findByName(name);
    if (account?.disabled) return null;
    return {
      userId: account?.id ?? `proxy:${name.toLowerCase()}`,
      name: account?.name ?? name,
      role: account?.role ?? proxy.role,
      via: 'proxy',
    };
  };

  return async (request) => {
    if (proxy && trust.isTrusted(request.peer())) {
      const proxiedName = request.header(proxy.userHeader)?.trim();
      // The proxy vouched for someone: that decision stands, even when it names nobody usable.
      if (proxiedName) return fromProxy(proxiedName);
    }

    const token = cookies.readFrom(request);
    if (!token) return null;
    // The session and its account in one query (or its reuse, ended by any change to the accounts database).
    const session = await sessions.resolve(token);
    if (!session) return null;
    const { account } = session;
    if (!account || account.disabled || account.mustChangePassword) {
      await sessions.delete(token);
      return null;
    }
    return { userId: account.id, name: account.name, role: account.role, via: 'session' };
  };
}

/** `createIdentifyCaller` for Hono routes: the same decision, read from the Context. */
export function createAuthenticate(deps: AuthenticatorDeps): Authenticate {
  const identify = createIdentifyCaller(deps);
  return (c) => identify(callerRequestOf(c));
}
