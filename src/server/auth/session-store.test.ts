import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger';
import { AccountStore } from './account-store';
import { openAuthDatabase } from './auth-database';
import { makeTempDir } from '../testing/auth-test-server';
import { SessionStore } from './session-store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('SessionStore', () => {
  let dir: string;
  let db: Database.Database;
  let clock: number;
  let sessions: SessionStore;
  let accountId: string;

  beforeEach(() => {
    dir = makeTempDir();
    db = openAuthDatabase(dir, silentLogger);
    clock = Date.parse('2025-03-01T09:00:00Z');
    const now = () => clock;
    accountId = new AccountStore(db, now).create({ name: 'alice', role: 'operator', passwordHash: 'x' }).id;
    sessions = new SessionStore(db, Buffer.from('k'.repeat(32)), { idleMs: 60 * MINUTE, maxAgeMs: 12 * HOUR }, now);
  });

  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hands out a random id and stores only a keyed hash of it', () => {
    const { token } = sessions.create(accountId, '10.0.0.5');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessions.resolve(token)?.accountId).toBe(accountId);
    const rows = db.prepare('SELECT * FROM sessions').all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('ends a session after the idle limit, but activity keeps it alive', () => {
    const { token } = sessions.create(accountId, null);
    clock += 50 * MINUTE;
    expect(sessions.resolve(token)).not.toBeNull();
    clock += 50 * MINUTE; // 100 min after sign-in, 50 after the last use
    expect(sessions.resolve(token)).not.toBeNull();
    clock += 61 * MINUTE;
    expect(sessions.resolve(token)).toBeNull();
    expect(sessions.count()).toBe(0);
  });

  it('ends a session at the absolute limit however active it is', () => {
    const { token, expiresAt } = sessions.create(accountId, null);
    expect(expiresAt - clock).toBe(12 * HOUR);
    for (let elapsed = 0; elapsed < 12 * HOUR - 30 * MINUTE; elapsed += 30 * MINUTE) {
      clock += 30 * MINUTE;
      expect(sessions.resolve(token)).not.toBeNull();
    }
    clock += 30 * MINUTE;
    expect(sessions.resolve(token)).toBeNull();
  });

  it('removes the replaced session when a new one is created (rotation at sign-in)', () => {
    const first = sessions.create(accountId, null);
    const second = sessions.create(accountId, null, first.token);
    expect(second.token).not.toBe(first.token);
    expect(sessions.resolve(first.token)).toBeNull();
    expect(sessions.resolve(second.token)).not.toBeNull();
    expect(sessions.count()).toBe(1);
  });

  it('forgets a session on sign-out and all of an account on demand', () => {
    const a = sessions.create(accountId, null);
    const b = sessions.create(accountId, null);
    sessions.delete(a.token);
    expect(sessions.resolve(a.token)).toBeNull();
    expect(sessions.resolve(b.token)).not.toBeNull();
    expect(sessions.deleteForAccount(accountId)).toBe(1);
    expect(sessions.resolve(b.token)).toBeNull();
  });

  it('does not accept ids of the wrong shape or from another secret', () => {
    const { token } = sessions.create(accountId, null);
    expect(sessions.resolve('')).toBeNull();
    expect(sessions.resolve(`${token}x`)).toBeNull();
    const otherKey = new SessionStore(db, Buffer.from('z'.repeat(32)), { idleMs: HOUR, maxAgeMs: HOUR }, () => clock);
    expect(otherKey.resolve(token)).toBeNull();
  });

  it('prepares its per-request statements once, however many requests resolve sessions and accounts', () => {
    const accounts = new AccountStore(db, () => clock);
    const a = sessions.create(accountId, null);
    const b = sessions.create(accountId, null);
    // First use of each statement: resolve, touch, delete, account lookups.
    sessions.resolve(a.token);
    clock += 2 * MINUTE;
    sessions.resolve(a.token);
    accounts.findById(accountId);
    accounts.findByName('alice');
    sessions.delete(sessions.create(accountId, null).token);

    const prepare = vi.spyOn(db, 'prepare');
    try {
      for (let i = 0; i < 50; i++) {
        clock += 2 * MINUTE; // each read also refreshes last_seen_at
        expect(sessions.resolve(a.token)?.accountId).toBe(accountId);
        expect(accounts.findById(accountId)?.name).toBe('alice');
        expect(accounts.findByName('alice')?.id).toBe(accountId);
        expect(sessions.resolve('x'.repeat(43))).toBeNull();
      }
      clock += 61 * MINUTE;
      expect(sessions.resolve(b.token)).toBeNull(); // idle: deleted on sight
      expect(prepare).not.toHaveBeenCalled();
    } finally {
      prepare.mockRestore();
    }
    expect(sessions.count()).toBe(1);
  });

  it('purges rows that can no longer be used', () => {
    sessions.create(accountId, null);
    const live = sessions.create(accountId, null);
    clock += 61 * MINUTE;
    expect(sessions.purgeExpired()).toBe(2);
    expect(sessions.resolve(live.token)).toBeNull();
  });
});
