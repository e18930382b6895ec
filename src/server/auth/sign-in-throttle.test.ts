import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { openAuthDatabase } from './auth-database';
import { makeTempDir } from '../testing/auth-test-server';
import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE, SignInThrottle, lockoutFor } from './sign-in-throttle';

describe('lockoutFor', () => {
  it('allows the first failures, then doubles the lockout up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => lockoutFor(n, ACCOUNT_THROTTLE))).toEqual([0, 0, 0, 0]);
    expect(lockoutFor(5, ACCOUNT_THROTTLE)).toBe(30_000);
    expect(lockoutFor(6, ACCOUNT_THROTTLE)).toBe(60_000);
    expect(lockoutFor(7, ACCOUNT_THROTTLE)).toBe(120_000);
    expect(lockoutFor(50, ACCOUNT_THROTTLE)).toBe(15 * 60_000);
  });
});

describe('SignInThrottle', () => {
  let dir: string;
  let db: Database.Database;
  let clock: number;
  let throttle: SignInThrottle;

  beforeEach(() => {
    dir = makeTempDir();
    db = openAuthDatabase(dir, silentLogger);
    clock = Date.parse('2025-03-01T09:00:00Z');
    throttle = new SignInThrottle(db, () => clock);
  });

  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const fail = (name: string, address: string | null, times: number) => {
    for (let i = 0; i < times; i += 1) throttle.recordFailure(name, address);
  };

  it('locks an account name after five failures, whatever the letter case', () => {
    fail('Alice', '10.0.0.1', 4);
    expect(throttle.retryAfterMs('alice', '10.0.0.2')).toBe(0);
    fail('alice', '10.0.0.2', 1);
    expect(throttle.retryAfterMs('ALICE', '10.0.0.3')).toBe(30_000);
    clock += 30_000;
    expect(throttle.retryAfterMs('alice', '10.0.0.3')).toBe(0);
    fail('alice', '10.0.0.3', 1);
    expect(throttle.retryAfterMs('alice', null)).toBe(60_000);
  });

  it('locks an address trying many names', () => {
    for (let i = 0; i < ADDRESS_THROTTLE.threshold; i += 1) throttle.recordFailure(`user${i}`, '10.9.9.9');
    expect(throttle.retryAfterMs('someone-new', '10.9.9.9')).toBe(30_000);
    expect(throttle.retryAfterMs('someone-new', '10.9.9.8')).toBe(0);
  });

  it('clears the account count on success but keeps the address count', () => {
    fail('alice', '10.9.9.9', 4);
    for (let i = 0; i < ADDRESS_THROTTLE.threshold - 5; i += 1) throttle.recordFailure(`user${i}`, '10.9.9.9');
    throttle.recordSuccess('alice');
    fail('alice', '10.0.0.1', 4);
    expect(throttle.retryAfterMs('alice', '10.0.0.1')).toBe(0);
    throttle.recordFailure('bob', '10.9.9.9');
    expect(throttle.retryAfterMs('carol', '10.9.9.9')).toBeGreaterThan(0);
  });

  it('forgets old failures', () => {
    fail('alice', null, 4);
    clock += ACCOUNT_THROTTLE.forgetAfterMs + 1;
    fail('alice', null, 1);
    expect(throttle.retryAfterMs('alice', null)).toBe(0);
    throttle.purgeStale();
    clock += ACCOUNT_THROTTLE.forgetAfterMs + 1;
    throttle.purgeStale();
    expect((db.prepare('SELECT count(*) AS n FROM sign_in_failures').get() as { n: number }).n).toBe(0);
  });
});
