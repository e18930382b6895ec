import type Database from 'better-sqlite3';

/**
 * Slows password guessing. Failures are counted per account name (whether or not it exists, so a
 * lockout says nothing about which names are real) and per client address. Past a threshold each
 * further failure doubles the lockout, up to a cap. A success clears the account's count but not
 * the address's, so one valid account cannot be used to reset an attacker's address budget.
 */
export interface ThrottleRule {
  /** Failures allowed before the first lockout. */
  threshold: number;
  baseLockoutMs: number;
  maxLockoutMs: number;
  /** A count with no new failure for this long starts again from zero. */
  forgetAfterMs: number;
}

export const ACCOUNT_THROTTLE: ThrottleRule = {
  threshold: 5,
  baseLockoutMs: 30_000,
  maxLockoutMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

/** Looser, because many people can share one address (an office NAT, the reverse proxy). */
export const ADDRESS_THROTTLE: ThrottleRule = {
  threshold: 20,
  baseLockoutMs: 30_000,
  maxLockoutMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

interface FailureRow {
  failures: number;
  last_failure_at: number;
  locked_until: number;
}

export function lockoutFor(failures: number, rule: ThrottleRule): number {
  if (failures < rule.threshold) return 0;
  const doublings = Math.min(failures - rule.threshold, 30);
  return Math.min(rule.baseLockoutMs * 2 ** doublings, rule.maxLockoutMs);
}

export class SignInThrottle {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
    private readonly accountRule: ThrottleRule = ACCOUNT_THROTTLE,
    private readonly addressRule: ThrottleRule = ADDRESS_THROTTLE,
  ) {}

  private keys(name: string, address: string | null): Array<[string, ThrottleRule]> {
    const keys: Array<[string, ThrottleRule]> = [[`account:${name.toLowerCase()}`, this.accountRule]];
    if (address) keys.push([`address:${address}`, this.addressRule]);
    return keys;
  }

  /** Milliseconds until another attempt is allowed for this name from this address; 0 when allowed now. */
  retryAfterMs(name: string, address: string | null): number {
    const now = this.now();
    let wait = 0;
    for (const [key] of this.keys(name, address)) {
      const row = this.db.prepare('SELECT locked_until FROM sign_in_failures WHERE key = ?').get(key) as
        | Pick<FailureRow, 'locked_until'>
        | undefined;
      if (row && row.locked_until > now) wait = Math.max(wait, row.locked_until - now);
    }
    return wait;
  }

  recordFailure(name: string, address: string | null): void {
    const now = this.now();
    this.db.transaction(() => {
      for (const [key, rule] of this.keys(name, address)) {
        const row = this.db.prepare('SELECT failures, last_failure_at, locked_until FROM sign_in_failures WHERE key = ?').get(key) as
          | FailureRow
          | undefined;
        const previous = row && now - row.last_failure_at < rule.forgetAfterMs ? row.failures : 0;
        const failures = previous + 1;
        const lockout = lockoutFor(failures, rule);
        this.db
          .prepare(
            `INSERT INTO sign_in_failures (key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
             ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
               locked_until = excluded.locked_until`,
          )
          .run(key, failures, now, lockout > 0 ? now + lockout : 0);
      }
    })();
  }

  recordSuccess(name: string): void {
    this.db.prepare('DELETE FROM sign_in_failures WHERE key = ?').run(`account:${name.toLowerCase()}`);
  }

  /** Forgets rows whose count has lapsed, so the table only holds recent trouble. */
  purgeStale(): void {
    const forgetAfter = Math.max(this.accountRule.forgetAfterMs, this.addressRule.forgetAfterMs);
    this.db.prepare('DELETE FROM sign_in_failures WHERE last_failure_at < ? AND locked_until < ?').run(this.now() - forgetAfter, this.now());
  }
}
