import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger';
import type { AccountStore } from './account-store';
import { openAuthDatabase } from './auth-database';
import { TEST_HASH_PARAMS, makeTempDir } from '../testing/auth-test-server';
import * as passwordHash from './password-hash';
import { SignInService } from './sign-in-service';
import { SignInThrottle } from './sign-in-throttle';
import { SqliteAccountStore } from './sqlite-account-store';
import { SqliteSignInFailureStore } from './sqlite-sign-in-failure-store';

// Counts verifications while keeping the real scrypt behind them.
vi.mock('./password-hash', async (importOriginal) => {
  const actual = await importOriginal<typeof passwordHash>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

describe('SignInService', () => {
  let dir: string;
  let db: Database.Database;
  let service: SignInService;
  let accounts: AccountStore;

  beforeEach(async () => {
    dir = makeTempDir();
    db = openAuthDatabase(dir, silentLogger);
    accounts = new SqliteAccountStore(db, Date.now);
    await accounts.create({ name: 'alice', role: 'operator', passwordHash: await passwordHash.hashPassword('alice-password-1', TEST_HASH_PARAMS) });
    service = new SignInService(accounts, new SignInThrottle(new SqliteSignInFailureStore(db), Date.now), TEST_HASH_PARAMS);
    await service.warmUp();
    vi.mocked(passwordHash.verifyPassword).mockClear();
  });

  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs exactly one scrypt verification for a known name, an unknown name and an odd name', async () => {
    const attempts = [
      { name: 'alice', password: 'wrong-password' },
      { name: 'nobody', password: 'wrong-password' },
      { name: 'no such/name', password: 'wrong-password' },
      { name: 'alice', password: 'alice-password-1' },
    ];
    const results = [];
    for (const attempt of attempts) {
      vi.mocked(passwordHash.verifyPassword).mockClear();
      results.push((await service.signIn({ ...attempt, address: null })).kind);
      expect(passwordHash.verifyPassword, attempt.name).toHaveBeenCalledTimes(1);
    }
    expect(results).toEqual(['invalid', 'invalid', 'invalid', 'signed_in']);
  });

  it('compares an unknown name against a hash made with the same cost as real ones', async () => {
    await service.signIn({ name: 'nobody', password: 'x', address: null });
    const [, storedHash] = vi.mocked(passwordHash.verifyPassword).mock.calls[0]!;
    expect(storedHash.startsWith(`$scrypt$ln=${TEST_HASH_PARAMS.logN},r=${TEST_HASH_PARAMS.r},p=${TEST_HASH_PARAMS.p}$`)).toBe(true);
  });

  it('does not hash at all once a name is locked out', async () => {
    for (let i = 0; i < 5; i += 1) await service.signIn({ name: 'alice', password: 'wrong', address: '10.0.0.1' });
    vi.mocked(passwordHash.verifyPassword).mockClear();
    expect((await service.signIn({ name: 'alice', password: 'alice-password-1', address: '10.0.0.1' })).kind).toBe('locked');
    expect(passwordHash.verifyPassword).not.toHaveBeenCalled();
  });

  it('upgrades a hash made with weaker parameters at the next successful sign-in', async () => {
    const stronger = new SignInService(accounts, new SignInThrottle(new SqliteSignInFailureStore(db), Date.now), {
      ...TEST_HASH_PARAMS,
      logN: TEST_HASH_PARAMS.logN + 1,
    });
    expect((await stronger.signIn({ name: 'alice', password: 'alice-password-1', address: null })).kind).toBe('signed_in');
    expect((await accounts.findByName('alice'))?.passwordHash).toMatch(/^\$scrypt\$ln=11,/);
    expect((await stronger.signIn({ name: 'alice', password: 'alice-password-1', address: null })).kind).toBe('signed_in');
  });
});
