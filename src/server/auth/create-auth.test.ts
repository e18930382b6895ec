import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { AuthSetupError, DEMO_ACCOUNTS, generateOneTimePassword } from './account-bootstrap';
import { AccountCommands } from './account-commands';
import { AUTH_DATABASE_FILE, AccountsDatabaseUnreadableError, openAuthDatabase, sqliteAuthStores } from './auth-database';
import { TEST_HASH_PARAMS, cookieFrom, makeTempDir, signIn, startAuthTestServer, testAuthConfig, type AuthTestServer } from '../testing/auth-test-server';
import { createAuth, type CreateAuthDeps } from './create-auth';
import { verifyPassword } from './password-hash';

describe('createAuth startup', () => {
  const dirs: string[] = [];
  let server: AuthTestServer | null = null;

  afterEach(async () => {
    await server?.close();
    server = null;
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function tempDir(): string {
    const dir = makeTempDir();
    dirs.push(dir);
    return dir;
  }

  function create(overrides: Partial<CreateAuthDeps> & { dataDir: string }) {
    return createAuth({ embedded: true, log: silentLogger, hashParams: TEST_HASH_PARAMS, auth: testAuthConfig(), printNotice: () => {}, ...overrides });
  }

  function accountRows(dataDir: string) {
    const db = openAuthDatabase(dataDir, silentLogger);
    try {
      return db.prepare('SELECT name, role, password_hash, must_change_password FROM accounts ORDER BY name').all() as Array<{
        name: string;
        role: string;
        password_hash: string;
        must_change_password: number;
      }>;
    } finally {
      db.close();
    }
  }

  it('creates a demo admin, operator and viewer with printed one-time passwords on the first embedded start only', async () => {
    const dataDir = tempDir();
    const printed: string[] = [];
    await (await create({ dataDir, printNotice: (text) => printed.push(text) })).close();

    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(`npm run users -- reset-password <name> --one-time --data-dir ${dataDir}`);
    const rows = accountRows(dataDir);
    expect(rows.map((r) => [r.name, r.role, r.must_change_password])).toEqual([
      ['demo-admin', 'admin', 1],
      ['demo-operator', 'operator', 1],
      ['demo-viewer', 'viewer', 1],
    ]);
    for (const demo of DEMO_ACCOUNTS) {
      const password = new RegExp(`${demo.name}\\s+${demo.role}\\s+(\\S+)`).exec(printed[0]!)?.[1];
      expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      const row = rows.find((r) => r.name === demo.name)!;
      expect(await verifyPassword(password!, row.password_hash)).toBe(true);
      expect(row.password_hash).not.toContain(password!);
    }

    await (await create({ dataDir, printNotice: (text) => printed.push(text) })).close();
    expect(printed).toHaveLength(1);
  });

  it('never creates demo accounts in a configured setup, and refuses to start without an admin', async () => {
    const dataDir = tempDir();
    await expect(create({ dataDir, embedded: false })).rejects.toThrow(AuthSetupError);
    await expect(create({ dataDir, embedded: false })).rejects.toThrow(`npm run users -- add <name> --role admin --data-dir ${dataDir}`);
    expect(accountRows(dataDir)).toEqual([]);
  });

  it('creates the bootstrap admin when absent and leaves it alone afterwards', async () => {
    const dataDir = tempDir();
    const bootstrap = { name: 'root-admin', password: 'first-admin-password' };
    await (await create({ dataDir, embedded: false, auth: testAuthConfig({ bootstrapAdmin: bootstrap }) })).close();
    const [admin] = accountRows(dataDir);
    expect(admin?.name).toBe('root-admin');
    expect(admin?.role).toBe('admin');
    expect(admin?.must_change_password).toBe(0);

    // A stale variable on a later start must not reset a password changed since.
    const stores = sqliteAuthStores(openAuthDatabase(dataDir, silentLogger), dataDir, silentLogger);
    await new AccountCommands(stores, { name: 't', requestId: 't' }, TEST_HASH_PARAMS).resetPassword('root-admin', 'a-newer-admin-password');
    await stores.close();
    await (await create({ dataDir, embedded: false, auth: testAuthConfig({ bootstrapAdmin: bootstrap }) })).close();
    expect(await verifyPassword('a-newer-admin-password', accountRows(dataDir)[0]!.password_hash)).toBe(true);
  });

  it('starts a configured setup that already has an admin, and refuses a weak bootstrap password', async () => {
    const dataDir = tempDir();
    await expect(create({ dataDir, embedded: false, auth: testAuthConfig({ bootstrapAdmin: { name: 'boss', password: 'short' } }) })).rejects.toThrow(
      /RUNWATCH_BOOTSTRAP_ADMIN: The password must be at least 12/,
    );
    await (await create({ dataDir, embedded: false, auth: testAuthConfig({ bootstrapAdmin: { name: 'boss', password: 'long-enough-password' } }) })).close();
    await (await create({ dataDir, embedded: false })).close();
  });

  it('keeps sessions valid across a restart by storing its generated secret', async () => {
    const dataDir = tempDir();
    server = await startAuthTestServer({ dataDir });
    await server.addAccount('alice', 'viewer', 'alice-password-1');
    const cookie = cookieFrom(await signIn(server.baseUrl, 'alice', 'alice-password-1'));
    expect((fs.statSync(path.join(dataDir, 'session-secret')).mode & 0o777).toString(8)).toBe('600');
    await server.close();

    server = await startAuthTestServer({ dataDir });
    const response = await fetch(`${server.baseUrl}/api/session`, { headers: { cookie: cookie! } });
    expect(await response.json()).toEqual({ user: { name: 'alice', role: 'viewer' } });
  });

  it('does not accept sessions made under a different configured secret', async () => {
    const dataDir = tempDir();
    server = await startAuthTestServer({ dataDir, sessionSecret: 'a'.repeat(40) });
    await server.addAccount('alice', 'viewer', 'alice-password-1');
    const cookie = cookieFrom(await signIn(server.baseUrl, 'alice', 'alice-password-1'));
    await server.close();

    server = await startAuthTestServer({ dataDir, sessionSecret: 'b'.repeat(40) });
    expect((await fetch(`${server.baseUrl}/api/session`, { headers: { cookie: cookie! } })).status).toBe(401);
  });

  it('refuses to start on an unreadable accounts database and leaves the file alone', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, AUTH_DATABASE_FILE);
    const garbage = Buffer.from('this is not a database'.repeat(500));
    fs.writeFileSync(file, garbage);
    const printed: string[] = [];

    let thrown: unknown;
    try {
      await (await create({ dataDir, printNotice: (text) => printed.push(text) })).close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AccountsDatabaseUnreadableError);
    const message = (thrown as Error).message;
    expect(message).toContain(file);
    expect(message).toContain('Restore it from a backup');
    expect(message).toContain(`mv "${file}" "${file}.broken"`);

    // Nothing replaced, nothing moved aside, no new demo accounts.
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
    expect(fs.readdirSync(dataDir)).toEqual([AUTH_DATABASE_FILE]);
    expect(printed).toEqual([]);
  });

  it('generates readable one-time passwords that differ every time', () => {
    const seen = new Set(Array.from({ length: 50 }, generateOneTimePassword));
    expect(seen.size).toBe(50);
  });
});
