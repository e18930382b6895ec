import type Database from 'better-sqlite3';

/**
 * Slows password guessing without handing strangers a way to lock people out. Three counts, each
 * with its own rule:
 * - a name from one address (strict): the classic "five wrong passwords and wait";
 * - a name from anywhere (soft, higher threshold, short cap): slows guessing spread over many
 *   addresses, but never applies at an address the account signed in from lately, so ten strangers
 *   cannot keep its owner out;
 * - an address whatever the name (for one address trying many names, and for "busy" answers).
 * Counts are kept for unknown names too, so a lockout says nothing about which names exist.
 *
 * An attempt is counted BEFORE its password is checked (`begin`) and settled afterwards, so a
 * parallel burst sees the attempts still being checked and cannot get more guesses than the
 * threshold allows.
 */
export interface ThrottleRule {
  /** Failures allowed before the first lockout. */
  threshold: number;
  baseLockoutMs: number;
  maxLockoutMs: number;
  /** A count with no new failure for this long starts again from zero. */
  forgetAfterMs: number;
}

/** One name from one address: past five failures each further one doubles the wait, up to 15 minutes. */
export const NAME_AT_ADDRESS_THROTTLE: ThrottleRule = {
  threshold: 5,
  baseLockoutMs: 30_000,
  maxLockoutMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

/**
 * One name from every address together: soft, because strangers can add to it. Thirty failures
 * before it bites, and then at most two minutes — and never at a known address of the account.
 */
export const NAME_THROTTLE: ThrottleRule = {
  threshold: 30,
  baseLockoutMs: 15_000,
  maxLockoutMs: 2 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

/** Looser than a name at an address, because many people can share one (an office NAT, the reverse proxy). */
export const ADDRESS_THROTTLE: ThrottleRule = {
  threshold: 20,
  baseLockoutMs: 30_000,
  maxLockoutMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

/** An address the account signed in from within this time is exempt from the per-name lock. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60_000;

/** Locked-out answers are audited once per lock, not once per request: a flood would bury the log. */
const MAX_REMEMBERED_REFUSALS = 10_000;

interface FailureRow {
  failures: number;
  last_failure_at: number;
  locked_until: number;
}

interface CountedKey {
  scope: 'name-at-address' | 'name' | 'address';
  key: string;
  /** Lower-case name for name-bound rows; null for the address row. */
  name: string | null;
  rule: ThrottleRule;
}

/** An attempt counted as a failure until `settle` says otherwise. */
export interface ReservedAttempt {
  readonly keys: readonly CountedKey[];
  readonly name: string;
  readonly address: string | null;
  /** The account signed in from this address lately: its owner, or someone sharing her network. */
  readonly knownAddress: boolean;
}

export type ThrottleGate =
  | { kind: 'reserved'; attempt: ReservedAttempt }
  /** `firstRefusal`: the first refusal of this lock (worth an audit entry); later ones are not. */
  | { kind: 'locked'; retryAfterMs: number; firstRefusal: boolean };

/**
 * How an attempt ended. `failed`: the count stays. `busy`: no password was checked — it counts
 * against the address only. `succeeded`: the attempt is taken back and the address becomes known.
 */
export type AttemptOutcome = 'failed' | 'busy' | 'succeeded';

export function lockoutFor(failures: number, rule: ThrottleRule): number {
  if (failures < rule.threshold) return 0;
  const doublings = Math.min(failures - rule.threshold, 30);
  return Math.min(rule.baseLockoutMs * 2 ** doublings, rule.maxLockoutMs);
}

const UNKNOWN_ADDRESS = 'unknown';

export class SignInThrottle {
  private readonly refusalsAudited = new Map<string, number>();

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
    private readonly rules: { nameAtAddress: ThrottleRule; name: ThrottleRule; address: ThrottleRule } = {
      nameAtAddress: NAME_AT_ADDRESS_THROTTLE,
      name: NAME_THROTTLE,
      address: ADDRESS_THROTTLE,
    },
  ) {}

  private keys(name: string, address: string | null): CountedKey[] {
    const lower = name.toLowerCase();
    const keys: CountedKey[] = [
      { scope: 'name-at-address', key: `pair:${JSON.stringify([lower, address ?? UNKNOWN_ADDRESS])}`, name: lower, rule: this.rules.nameAtAddress },
      { scope: 'name', key: `account:${lower}`, name: lower, rule: this.rules.name },
    ];
    if (address) keys.push({ scope: 'address', key: `address:${address}`, name: null, rule: this.rules.address });
    return keys;
  }

  private row(key: string): FailureRow | undefined {
    return this.db.prepare('SELECT failures, last_failure_at, locked_until FROM sign_in_failures WHERE key = ?').get(key) as
      | FailureRow
      | undefined;
  }

  private isKnownAddress(name: string, address: string | null): boolean {
    if (!address) return false;
    const row = this.db
      .prepare('SELECT last_success_at FROM sign_in_known_addresses WHERE name = ? AND address = ?')
      .get(name.toLowerCase(), address) as { last_success_at: number } | undefined;
    return !!row && this.now() - row.last_success_at < KNOWN_ADDRESS_MS;
  }

  /**
   * Refuses when a lock applies to this name at this address; otherwise counts the attempt as a
   * failure right away (one transaction, so parallel attempts see each other) and returns it.
   */
  begin(name: string, address: string | null): ThrottleGate {
    return this.db.transaction((): ThrottleGate => {
      const now = this.now();
      const keys = this.keys(name, address);
      const known = this.isKnownAddress(name, address);
      let wait = 0;
      let lockingKey: { key: string; lockedUntil: number } | null = null;
      for (const { scope, key } of keys) {
        if (known && scope === 'name') continue;
        const row = this.row(key);
        if (row && row.locked_until > now && row.locked_until - now > wait) {
          wait = row.locked_until - now;
          lockingKey = { key, lockedUntil: row.locked_until };
        }
      }
      if (wait > 0 && lockingKey) return { kind: 'locked', retryAfterMs: wait, firstRefusal: this.firstRefusal(lockingKey.key, lockingKey.lockedUntil) };

      for (const { key, name: rowName, rule } of keys) {
        const row = this.row(key);
        const previous = row && now - row.last_failure_at < rule.forgetAfterMs ? row.failures : 0;
        const failures = previous + 1;
        const lockout = lockoutFor(failures, rule);
        this.db
          .prepare(
            `INSERT INTO sign_in_failures (key, name, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT(key) DO UPDATE SET name = excluded.name, failures = excluded.failures,
               last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
          )
          .run(key, rowName, failures, now, lockout > 0 ? now + lockout : 0);
      }
      return { kind: 'reserved', attempt: { keys, name: name.toLowerCase(), address, knownAddress: known } };
    })();
  }

  settle(attempt: ReservedAttempt, outcome: AttemptOutcome): void {
    if (outcome === 'failed') return;
    this.db.transaction(() => {
      for (const { scope, key, rule } of attempt.keys) {
        if (outcome === 'busy' && scope === 'address') continue; // a "busy" answer stays counted against the address
        if (outcome === 'succeeded' && scope === 'name-at-address') {
          this.db.prepare('DELETE FROM sign_in_failures WHERE key = ?').run(key);
          continue;
        }
        this.takeBack(key, rule);
      }
      if (outcome === 'succeeded' && attempt.address) {
        this.db
          .prepare(
            `INSERT INTO sign_in_known_addresses (name, address, last_success_at) VALUES (?, ?, ?)
             ON CONFLICT(name, address) DO UPDATE SET last_success_at = excluded.last_success_at`,
          )
          .run(attempt.name, attempt.address, this.now());
      }
    })();
  }

  /** Undoes one counted attempt; a lock stays only if the remaining failures alone would hold it. */
  private takeBack(key: string, rule: ThrottleRule): void {
    const row = this.row(key);
    if (!row) return;
    const failures = Math.max(0, row.failures - 1);
    if (failures === 0) {
      this.db.prepare('DELETE FROM sign_in_failures WHERE key = ?').run(key);
      return;
    }
    const lockedUntil = lockoutFor(failures, rule) > 0 ? row.locked_until : 0;
    this.db.prepare('UPDATE sign_in_failures SET failures = ?, locked_until = ? WHERE key = ?').run(failures, lockedUntil, key);
  }

  private firstRefusal(key: string, lockedUntil: number): boolean {
    if (this.refusalsAudited.get(key) === lockedUntil) return false;
    if (this.refusalsAudited.size >= MAX_REMEMBERED_REFUSALS) this.refusalsAudited.clear();
    this.refusalsAudited.set(key, lockedUntil);
    return true;
  }

  /** Forgets this one account's counts and locks (from every address). Returns how many were cleared. */
  unlock(name: string): number {
    return clearSignInLocks(this.db, name);
  }

  /** Forgets rows whose count has lapsed, so the tables only hold recent trouble. */
  purgeStale(): void {
    const now = this.now();
    const forgetAfter = Math.max(this.rules.nameAtAddress.forgetAfterMs, this.rules.name.forgetAfterMs, this.rules.address.forgetAfterMs);
    this.db.prepare('DELETE FROM sign_in_failures WHERE last_failure_at < ? AND locked_until < ?').run(now - forgetAfter, now);
    this.db.prepare('DELETE FROM sign_in_known_addresses WHERE last_success_at < ?').run(now - KNOWN_ADDRESS_MS);
    this.refusalsAudited.clear();
  }
}

/**
 * Clears every failure count and lock bound to a name (from any address); address-wide counts stay.
 * Used by `users unlock` and by a password reset.
 */
export function clearSignInLocks(db: Database.Database, name: string): number {
  return db.prepare('DELETE FROM sign_in_failures WHERE name = ?').run(name.toLowerCase()).changes;
}
