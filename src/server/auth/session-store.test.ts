import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger';
import { openAuthDatabase } from './auth-database';
import { makeTempDir } from '../testing/auth-test-server';
import { SessionStore } from './session-store';
import { SqliteAccountStore } from './sqlite-account-store';
import { SqliteSessionTable } from './sqlite-session-store';

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
});
