import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cookieFrom, makeTempDir, signIn, spaHeaders, startAuthTestServer, type AuthTestServer } from '../testing/auth-test-server';
import { AccountsDatabaseMissingError, accountsDatabaseState, assertAccountsNotLost } from './accounts-presence';
import { silentLogger } from '../logger';
import { openObservationStore } from '../store/observation-store';
import { AUTH_DATABASE_FILE } from './auth-database';

const PASSWORD = 'operator-password-1';
const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

describe('data at rest', () => {
  const dirs: string[] = [];
  let server: AuthTestServer | null = null;

  afterEach(async () => {
    await server?.close();
    server = null;
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function tempDir(): string {
    const dir = makeTempDir('runwatch-rest-');
    dirs.push(dir);
    return dir;
  }

  it('keeps the data dir 0700 and every file in it 0600, tightening what an older start left readable', async () => {
    const dataDir = path.join(tempDir(), 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'session-secret'), 'ab'.repeat(32) + '\n');
    fs.chmodSync(path.join(dataDir, 'session-secret'), 0o644);

    server = await startAuthTestServer({ dataDir });
    await server.addAccount('alice', 'operator', PASSWORD);
    const cookie = cookieFrom(await signIn(server.baseUrl, 'alice', PASSWORD));
    expect((await fetch(`${server.baseUrl}/api/session`, { method: 'DELETE', headers: spaHeaders(server.baseUrl, cookie) })).status).toBe(200);

    const observations = openObservationStore({ dataDir, log: silentLogger });
    await observations.close();

    expect(mode(dataDir)).toBe('700');
    const files = fs.readdirSync(dataDir);
    expect(files).toEqual(
      expect.arrayContaining([AUTH_DATABASE_FILE, `${AUTH_DATABASE_FILE}-wal`, `${AUTH_DATABASE_FILE}-shm`, 'session-secret', 'observations.sqlite']),
    );
    for (const file of files) expect(mode(path.join(dataDir, file)), file).toBe('600');
  });

  it('has every acknowledged audit entry in accounts.sqlite itself, so losing the -wal file loses none', async () => {
    const dataDir = tempDir();
    server = await startAuthTestServer({ dataDir });
    await server.addAccount('alice', 'operator', PASSWORD);
    for (let i = 0; i < 3; i += 1) expect((await signIn(server.baseUrl, 'alice', `wrong-password-${i}`)).status).toBe(401);
    const cookie = cookieFrom(await signIn(server.baseUrl, 'alice', PASSWORD));
    expect((await fetch(`${server.baseUrl}/api/session`, { method: 'DELETE', headers: spaHeaders(server.baseUrl, cookie) })).status).toBe(200);

    // What is left if the process died now and someone then deleted accounts.sqlite-wal: the main file alone.
    const crashed = tempDir();
    fs.copyFileSync(path.join(dataDir, AUTH_DATABASE_FILE), path.join(crashed, AUTH_DATABASE_FILE));
    const db = new Database(path.join(crashed, AUTH_DATABASE_FILE), { readonly: true });
    try {
      const actions = (db.prepare('SELECT action FROM audit_log ORDER BY id').all() as Array<{ action: string }>).map((row) => row.action);
      // Three demo accounts and alice, then her sign-ins.
      expect(actions.filter((action) => action === 'account.created')).toHaveLength(4);
      expect(actions.filter((action) => action !== 'account.created')).toEqual([
        'session.sign_in_failed',
        'session.sign_in_failed',
        'session.sign_in_failed',
        'session.signed_in',
        'session.signed_out',
      ]);
    } finally {
      db.close();
    }
  });

  describe('a lost accounts database', () => {
    const otherState = (dataDir: string) => {
      fs.writeFileSync(path.join(dataDir, 'session-secret'), 'ab'.repeat(32) + '\n');
      fs.writeFileSync(path.join(dataDir, 'observations.sqlite'), '');
    };

    it('lets a new, empty data dir start', () => {
      const dataDir = tempDir();
      expect(accountsDatabaseState(dataDir)).toBe('missing');
      expect(() => assertAccountsNotLost(dataDir, false)).not.toThrow();
    });

    it('refuses when the accounts database is missing but other state exists, saying what to do', () => {
      const dataDir = tempDir();
      otherState(dataDir);
      expect(() => assertAccountsNotLost(dataDir, false)).toThrow(AccountsDatabaseMissingError);
      let message = '';
      try {
        assertAccountsNotLost(dataDir, false);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain(`The accounts database ${path.join(dataDir, AUTH_DATABASE_FILE)} is missing`);
      expect(message).toContain('session-secret, observations.sqlite');
      expect(message).toContain('Restore accounts.sqlite from a backup');
      expect(message).toContain('RUNWATCH_INIT_ACCOUNTS=1');
      expect(() => assertAccountsNotLost(dataDir, true)).not.toThrow();
    });

    it('refuses an emptied accounts database the same way, and accepts one in use', async () => {
      const dataDir = tempDir();
      server = await startAuthTestServer({ dataDir });
      await server.addAccount('alice', 'operator', PASSWORD);
      await server.close();
      server = null;
      expect(accountsDatabaseState(dataDir)).toBe('present');
      expect(() => assertAccountsNotLost(dataDir, false)).not.toThrow();

      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dataDir, AUTH_DATABASE_FILE + suffix), { force: true });
      fs.writeFileSync(path.join(dataDir, AUTH_DATABASE_FILE), '');
      expect(accountsDatabaseState(dataDir)).toBe('empty');
      expect(() => assertAccountsNotLost(dataDir, false)).toThrow(/accounts\.sqlite is empty/);
    });
  });
});
