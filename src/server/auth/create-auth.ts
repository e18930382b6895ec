import type { Context } from 'hono';
import type { AuthConfig } from '../config';
import type { Logger } from '../logger';
import type { AuditStore } from '../audit/audit-store';
import type { RouteSpec } from '../http/route-table';
import { ensureAccounts, formatGeneratedAccountsNotice } from './account-bootstrap';
import { openAuthDatabase, sqliteAuthStores, type AuthStores } from './auth-database';
import { secureDataDir } from '../store/data-dir';
import { createAuthenticate, createIdentifyCaller } from './authenticator';
import { DEFAULT_SCRYPT_PARAMS, type ScryptParams } from './password-hash';
import type { Authenticate, IdentifyCaller } from '../http/principal';
import { createProxyTrust } from './proxy-trust';
import { createSessionCookies } from './session-cookie';
import { createSessionRoutes } from './session-routes';
import { SessionStore } from './session-store';
import { SignInService } from './sign-in-service';
import { SignInThrottle } from './sign-in-throttle';

export interface CreateAuthDeps {
  dataDir: string;
  auth: AuthConfig;
  /** True when no upstream is configured (embedded simulator): demo accounts may be created. */
  embedded: boolean;
  log: Logger;
  now?: () => number;
  /** RUNWATCH_SESSION_SECRET (`config.sessionSecret`); when null one is generated into the data dir. */
  sessionSecret?: string | null;
  /** scrypt cost; tests lower it, production keeps the default. */
  hashParams?: ScryptParams;
  /** Where the generated demo passwords are shown, once. Defaults to stdout (not the JSON log). */
  printNotice?: (text: string) => void;
  /**
   * Where accounts, sessions, sign-in counts and the audit log are kept (the shared PostgreSQL
   * database when DATABASE_URL is set); by default `<dataDir>/accounts.sqlite`.
   */
  stores?: AuthStores;
}

export interface AuthModule {
  authenticate: Authenticate;
  /** The same decision as `authenticate`, without a Hono Context (the run read lane). */
  identify: IdentifyCaller;
  /** Sign-in and session routes, each with its policy; mount them like every other route. */
  routes: RouteSpec[];
  /** The audit log in the same database; its routes are mounted with the app (src/server/wiring/build-runwatch.ts). */
  audit: AuditStore;
  /**
   * The address to attribute a request to (audit entries, throttling): the TCP peer, or the first
   * untrusted X-Forwarded-For hop when the peer is one of RUNWATCH_TRUSTED_PROXIES.
   */
  clientAddress(c: Context): string | null;
  /** Stops housekeeping and closes the stores createAuth opened itself (not ones passed in). */
  close(): Promise<void>;
}

const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;

/**
 * Sign-in, sessions, roles and the audit log, backed by `deps.stores` or `<dataDir>/accounts.sqlite`.
 * Throws `AuthSetupError` when a configured (non-embedded) setup has no admin to sign in with.
 */
export async function createAuth(deps: CreateAuthDeps): Promise<AuthModule> {
  const now = deps.now ?? Date.now;
  const hashParams = deps.hashParams ?? DEFAULT_SCRYPT_PARAMS;
  const log = deps.log.child({ component: 'auth' });
  // Password hashes, the audit log and the session key live here: 0700, every file 0600.
  secureDataDir(deps.dataDir);
  const ownStores = deps.stores ? null : sqliteAuthStores(openAuthDatabase(deps.dataDir, log), deps.dataDir, log, now);
  const stores = deps.stores ?? ownStores!;

  try {
    const { accounts, audit: auditStore } = stores;
    // Before anything is written to the data dir, so a refused start leaves no trace besides the database.
    const generated = await ensureAccounts({
      accounts,
      audit: auditStore,
      hashParams,
      bootstrapAdmin: deps.auth.bootstrapAdmin,
      embedded: deps.embedded,
      dataDir: deps.dataDir,
    });
    if (generated.length > 0) {
      const print = deps.printNotice ?? ((text: string) => process.stdout.write(text + '\n'));
      print(formatGeneratedAccountsNotice(generated, deps.dataDir));
      log.info('demo accounts created', { accounts: generated.map((a) => a.name) });
    }

    const sessions = new SessionStore(
      stores.sessions,
      await stores.sessionSecret(deps.sessionSecret ?? null),
      { idleMs: deps.auth.sessionIdleMinutes * 60_000, maxAgeMs: deps.auth.sessionMaxHours * 3_600_000 },
      now,
    );
    const throttle = new SignInThrottle(stores.signInFailures, now);
    const trust = createProxyTrust(deps.auth.trustedProxies);
    const cookies = createSessionCookies(deps.auth.secureCookies, trust);

    const housekeeping = async () => {
      try {
        await sessions.purgeExpired();
        await throttle.purgeStale();
      } catch (error) {
        log.warn('session housekeeping failed', { error });
      }
    };
    await housekeeping();
    const timer = setInterval(() => void housekeeping(), HOUSEKEEPING_INTERVAL_MS);
    timer.unref();

    const authenticatorDeps = {
      accounts,
      sessions,
      cookies,
      trust,
      proxy: deps.auth.proxyUserHeader ? { userHeader: deps.auth.proxyUserHeader, role: deps.auth.proxyRole } : null,
    };
    const authenticate = createAuthenticate(authenticatorDeps);
    const identify = createIdentifyCaller(authenticatorDeps);

    const signIn = new SignInService(accounts, throttle, hashParams);
    signIn.warmUp().catch((error: unknown) => log.error('could not prepare sign-in', { error }));

    const routes: RouteSpec[] = createSessionRoutes({
      demo: deps.embedded,
      signIn,
      sessions,
      cookies,
      trust,
      audit: auditStore,
      now,
    });

    let closed = false;
    return {
      authenticate,
      identify,
      routes,
      audit: auditStore,
      clientAddress: (c) => trust.clientAddress(c),
      async close() {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        await ownStores?.close();
      },
    };
  } catch (error) {
    await ownStores?.close();
    throw error;
  }
}
