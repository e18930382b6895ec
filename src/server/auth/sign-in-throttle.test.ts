import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { openAuthDatabase } from './auth-database';
import { makeTempDir } from '../testing/auth-test-server';
import {
  ADDRESS_THROTTLE,
  KNOWN_ADDRESS_MS,
  NAME_AT_ADDRESS_THROTTLE,
  NAME_THROTTLE,
  SignInThrottle,
  lockoutFor,
  type AttemptOutcome,
  type ThrottleGate,
} from './sign-in-throttle';

describe('lockoutFor', () => {
  it('allows the first failures, then doubles the lockout up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => lockoutFor(n, NAME_AT_ADDRESS_THROTTLE))).toEqual([0, 0, 0, 0]);
    expect(lockoutFor(5, NAME_AT_ADDRESS_THROTTLE)).toBe(30_000);
    expect(lockoutFor(6, NAME_AT_ADDRESS_THROTTLE)).toBe(60_000);
    expect(lockoutFor(7, NAME_AT_ADDRESS_THROTTLE)).toBe(120_000);
    expect(lockoutFor(50, NAME_AT_ADDRESS_THROTTLE)).toBe(15 * 60_000);
    // The per-name rule is the soft one: later and never longer than two minutes.
    expect(lockoutFor(29, NAME_THROTTLE)).toBe(0);
    expect(lockoutFor(500, NAME_THROTTLE)).toBe(2 * 60_000);
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

  const attempt = (name: string, address: string | null, outcome: AttemptOutcome = 'failed'): ThrottleGate => {
    const gate = throttle.begin(name, address);
    if (gate.kind === 'reserved') throttle.settle(gate.attempt, outcome);
    return gate;
  };
  const fail = (name: string, address: string | null, times: number) => {
    for (let i = 0; i < times; i += 1) expect(attempt(name, address).kind, `failure ${i + 1}`).toBe('reserved');
  };
  const waitFor = (name: string, address: string | null) => {
    const gate = throttle.begin(name, address);
    if (gate.kind === 'locked') return gate.retryAfterMs;
    throttle.settle(gate.attempt, 'succeeded');
    return 0;
  };

  it('locks a name at one address after five failures, whatever the letter case', () => {
    fail('Alice', '10.0.0.1', 4);
    fail('alice', '10.0.0.1', 1);
    expect(waitFor('ALICE', '10.0.0.1')).toBe(30_000);
    clock += 30_000;
    fail('alice', '10.0.0.1', 1);
    expect(waitFor('alice', '10.0.0.1')).toBe(60_000);
  });

  it('does not lock the owner out from another address when strangers guess from many', () => {
    for (let i = 0; i < 10; i += 1) fail('alice', `203.0.113.${i}`, 1);
    expect(waitFor('alice', '198.51.100.5')).toBe(0);
  });

  it('applies a soft per-name limit to new addresses, but never at an address the account signed in from', () => {
    attempt('alice', '198.51.100.5', 'succeeded'); // her usual address
    for (let i = 0; i < NAME_THROTTLE.threshold; i += 1) fail('alice', `203.0.113.${i}`, 1);
    expect(waitFor('alice', '192.0.2.77')).toBe(NAME_THROTTLE.baseLockoutMs);
    expect(waitFor('alice', '198.51.100.5')).toBe(0);
  });

  it('forgets a known address after a while', () => {
    attempt('alice', '198.51.100.5', 'succeeded');
    clock += KNOWN_ADDRESS_MS;
    for (let i = 0; i < NAME_THROTTLE.threshold; i += 1) fail('alice', `203.0.113.${i}`, 1);
    expect(waitFor('alice', '198.51.100.5')).toBe(NAME_THROTTLE.baseLockoutMs);
  });

  it('counts an attempt before its check, so a parallel burst gets no more than the threshold', () => {
    const gates = Array.from({ length: 10 }, () => throttle.begin('alice', '10.0.0.1'));
    expect(gates.map((g) => g.kind)).toEqual([...Array(5).fill('reserved'), ...Array(5).fill('locked')]);
    // Only the first refusal of a lock is worth an audit entry.
    expect(gates.filter((g) => g.kind === 'locked' && g.firstRefusal)).toHaveLength(1);
  });

  it('takes back an attempt whose password was right, and a busy one except at the address', () => {
    fail('alice', '10.0.0.1', 4);
    attempt('alice', '10.0.0.1', 'succeeded');
    fail('alice', '10.0.0.1', 4);
    expect(waitFor('alice', '10.0.0.1')).toBe(0);

    for (let i = 0; i < ADDRESS_THROTTLE.threshold; i += 1) expect(attempt('bob', '10.6.6.6', 'busy').kind).toBe('reserved');
    expect(waitFor('carol', '10.6.6.6')).toBe(30_000);
    expect(waitFor('bob', '10.0.0.2')).toBe(0);
  });

  it('locks an address trying many names', () => {
    for (let i = 0; i < ADDRESS_THROTTLE.threshold; i += 1) fail(`user${i}`, '10.9.9.9', 1);
    expect(waitFor('someone-new', '10.9.9.9')).toBe(30_000);
    expect(waitFor('someone-new', '10.9.9.8')).toBe(0);
  });

  it('unlocks every lock on a name, leaving other names and address counts alone', () => {
    fail('alice', '10.0.0.1', 5);
    fail('bob', '10.0.0.2', 5);
    expect(throttle.unlock('ALICE')).toBe(2);
    expect(waitFor('alice', '10.0.0.1')).toBe(0);
    expect(waitFor('bob', '10.0.0.2')).toBe(30_000);
  });

  it('forgets old failures', () => {
    fail('alice', null, 4);
    clock += NAME_AT_ADDRESS_THROTTLE.forgetAfterMs + 1;
    fail('alice', null, 1);
    expect(waitFor('alice', null)).toBe(0);
    throttle.purgeStale();
    clock += NAME_AT_ADDRESS_THROTTLE.forgetAfterMs + 1;
    throttle.purgeStale();
    expect((db.prepare('SELECT count(*) AS n FROM sign_in_failures').get() as { n: number }).n).toBe(0);
  });
});
