import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger';
import { openAuthDatabase } from './auth-database';
import { makeTempDir } from '../testing/auth-test-server';
import { SessionStore } from './session-store';
import { SqliteAccountStore } from './sqlite-account-store';
import { OTHER_WRITERS_CHECK_MS, SqliteSessionTable } from './sqlite-session-store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// The session rules on both engines are in src/server/store/auth-store-suite.ts; these are about accounts.sqlite.
describe('SessionStore on accounts.sqlite', () => {
  let dir: string;
  let db: Database.Database;
  let clock: number;
  let sessions: SessionStore;
  let accountId: string;

  beforeEach(async () => {
    dir = makeTempDir();
    db = openAuthDatabase(dir, silentLogger);
    clock = Date.parse('2025-03-01T09:00:00Z');
    const now = () => clock;
    accountId = (await new SqliteAccountStore(db, now).create({ name: 'alice', role: 'operator', passwordHash: 'x' })).id;
    sessions = new SessionStore(new SqliteSessionTable(db), Buffer.from('k'.repeat(32)), { idleMs: 60 * MINUTE, maxAgeMs: 12 * HOUR }, now);
  });

  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hands out a random id and stores only a keyed hash of it', async () => {
    const { token } = await sessions.create(accountId, '10.0.0.5');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await sessions.resolve(token))?.accountId).toBe(accountId);
    const rows = db.prepare('SELECT * FROM sessions').all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('prepares its per-request statements once, however many requests resolve sessions and accounts', async () => {
    const accounts = new SqliteAccountStore(db, () => clock);
    const a = await sessions.create(accountId, null);
    const b = await sessions.create(accountId, null);
    // First use of each statement: resolve, touch, delete, account lookups.
    await sessions.resolve(a.token);
    clock += 2 * MINUTE;
    await sessions.resolve(a.token);
    await accounts.findById(accountId);
    await accounts.findByName('alice');
    await sessions.delete((await sessions.create(accountId, null)).token);

    const prepare = vi.spyOn(db, 'prepare');
    try {
      for (let i = 0; i < 50; i++) {
        clock += 2 * MINUTE; // each read also refreshes last_seen_at
        expect((await sessions.resolve(a.token))?.account?.name).toBe('alice');
        expect((await accounts.findById(accountId))?.name).toBe('alice');
        expect((await accounts.findByName('alice'))?.id).toBe(accountId);
        expect(await sessions.resolve('x'.repeat(43))).toBeNull();
      }
      clock += 61 * MINUTE;
      expect(await sessions.resolve(b.token)).toBeNull(); // idle: deleted on sight
      expect(prepare).not.toHaveBeenCalled();
    } finally {
      prepare.mockRestore();
    }
    expect(await sessions.count()).toBe(1);
  });

  describe('reuse of a verified session', () => {
    const spyOnFind = () => vi.spyOn(SqliteSessionTable.prototype, 'find');

    it('reads the row once per second at most while nothing changes', async () => {
      const { token } = await sessions.create(accountId, null);
      const find = spyOnFind();
      try {
        for (let i = 0; i < 5; i++) expect((await sessions.resolve(token))?.account?.role).toBe('operator');
        expect(find).toHaveBeenCalledTimes(1);
        clock += 1_000;
        expect((await sessions.resolve(token))?.account?.role).toBe('operator');
        expect(find).toHaveBeenCalledTimes(2);
      } finally {
        find.mockRestore();
      }
    });

    it('ends at once on a role change, a disabled account or a sign-out in this process', async () => {
      const accounts = new SqliteAccountStore(db, () => clock);
      const { token } = await sessions.create(accountId, null);
      expect((await sessions.resolve(token))?.account?.role).toBe('operator');
      await accounts.setRole(accountId, 'viewer');
      expect((await sessions.resolve(token))?.account?.role).toBe('viewer');
      await accounts.setDisabled(accountId, true);
      expect((await sessions.resolve(token))?.account?.disabled).toBe(true);
      await accounts.setDisabled(accountId, false);
      expect(await sessions.resolve(token)).not.toBeNull();
      await sessions.delete(token);
      expect(await sessions.resolve(token)).toBeNull();
    });

    it('ends within OTHER_WRITERS_CHECK_MS when another process (the users command) changes the account or ends its sessions', async () => {
      let monotonic = 0;
      const watched = new SessionStore(new SqliteSessionTable(db, () => monotonic), Buffer.from('k'.repeat(32)), { idleMs: HOUR, maxAgeMs: HOUR }, () => clock);
      const other = openAuthDatabase(dir, silentLogger);
      try {
        const { token } = await watched.create(accountId, null);
        expect((await watched.resolve(token))?.account?.role).toBe('operator');
        await new SqliteAccountStore(other, () => clock).setRole(accountId, 'viewer');
        monotonic += OTHER_WRITERS_CHECK_MS;
        expect((await watched.resolve(token))?.account?.role).toBe('viewer');
        await new SqliteSessionTable(other).deleteForAccount(accountId);
        monotonic += OTHER_WRITERS_CHECK_MS;
        expect(await watched.resolve(token)).toBeNull();
      } finally {
        other.close();
      }
    });

    it('never outlives the session: idle and absolute expiry still end it', async () => {
      const short = new SessionStore(new SqliteSessionTable(db), Buffer.from('k'.repeat(32)), { idleMs: 500, maxAgeMs: 12 * HOUR }, () => clock);
      const { token } = await short.create(accountId, null);
      expect(await short.resolve(token)).not.toBeNull();
      clock += 500;
      expect(await short.resolve(token)).toBeNull();
    });
  });
});
