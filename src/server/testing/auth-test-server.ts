import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@/contract/bff';
import type { AppEnv } from '../app-env';
import { loadConfig, type AuthConfig } from '../config';
import { silentLogger } from '../logger';
import { authorize } from '../middleware/authorize';
import { securityHeaders } from '../middleware/security-headers';
import { csrfGuard } from '../middleware/csrf-guard';
import { requestContext } from '../middleware/request-context';
import { createAuditRoutes } from '../audit/audit-routes';
import { AccountCommands } from '../auth/account-commands';
import { openAuthDatabase, sqliteAuthStores } from '../auth/auth-database';
import { createAuth, type AuthModule, type CreateAuthDeps } from '../auth/create-auth';
import type { ScryptParams } from '../auth/password-hash';
import type { Role } from '../http/principal';

/**
 * Test support for the auth module's HTTP tests: the auth routes, and the audit routes over its
 * audit log as the app mounts them, behind the same request-context, CSRF and authorization
 * middleware the app uses, on a real loopback server. Cheap scrypt
 * parameters keep the tests quick; the production default is tested on its own.
 */
export const TEST_HASH_PARAMS: ScryptParams = { logN: 10, r: 8, p: 1 };

/** The production defaults (from the config module itself), with a test's overrides. */
export function testAuthConfig(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return { ...loadConfig({}).auth, ...overrides };
}

export function makeTempDir(prefix = 'runwatch-auth-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface AuthTestServer {
  baseUrl: string;
  auth: AuthModule;
  dataDir: string;
  /** Creates an account directly in the store, as the `users` command would. */
  addAccount(name: string, role: Role, password: string): Promise<void>;
  accounts(): AccountCommands;
  close(): Promise<void>;
}

export async function startAuthTestServer(
  options: Partial<Omit<CreateAuthDeps, 'auth' | 'log'>> & { auth?: Partial<AuthConfig> } = {},
): Promise<AuthTestServer> {
  const dataDir = options.dataDir ?? makeTempDir();
  const auth = await createAuth({
    dataDir,
    embedded: options.embedded ?? true,
    log: silentLogger,
    hashParams: TEST_HASH_PARAMS,
    printNotice: () => {},
    ...options,
    auth: testAuthConfig(options.auth),
  });

  const app = new Hono<AppEnv>();
  app.use('*', requestContext(silentLogger), securityHeaders());
  app.use('/api/*', csrfGuard({ trustedProxies: options.auth?.trustedProxies ?? [] }));
  for (const route of [...auth.routes, ...createAuditRoutes(auth.audit, options.now ?? Date.now)]) {
    app.on(route.method, route.path, authorize(route.policy, auth.authenticate), route.handler);
  }

  const setupStores = sqliteAuthStores(openAuthDatabase(dataDir, silentLogger), dataDir, silentLogger, options.now);
  const commands = new AccountCommands(setupStores, { name: 'test-setup', requestId: 'test' }, TEST_HASH_PARAMS);

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    auth,
    dataDir,
    addAccount: async (name, role, password) => {
      await commands.add(name, role, password);
    },
    accounts: () => commands,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await setupStores.close();
      await auth.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headers an unsafe same-origin call from the SPA carries. */
export function spaHeaders(baseUrl: string, cookie?: string | null): Record<string, string> {
  return {
    'content-type': 'application/json',
    [CSRF_HEADER]: CSRF_HEADER_VALUE,
    origin: baseUrl,
    ...(cookie ? { cookie } : {}),
  };
}

/** `name=value` of the first Set-Cookie, as a browser would send it back. */
export function cookieFrom(response: Response): string | null {
  const header = response.headers.getSetCookie()[0];
  return header ? (header.split(';')[0] ?? null) : null;
}

export async function signIn(
  baseUrl: string,
  name: string,
  password: string,
  extra: { cookie?: string | null; headers?: Record<string, string>; newPassword?: string } = {},
): Promise<Response> {
  return fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { ...spaHeaders(baseUrl, extra.cookie), ...extra.headers },
    body: JSON.stringify({ name, password, ...(extra.newPassword ? { newPassword: extra.newPassword } : {}) }),
  });
}
