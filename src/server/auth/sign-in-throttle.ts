import type { SignInFailureStore, SignInFailureTransaction } from './sign-in-failure-store';

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
    private readonly store: SignInFailureStore,
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

  private async isKnownAddress(tx: SignInFailureTransaction, name: string, address: string | null): Promise<boolean> {
    if (!address) return false;
    const lastSuccess = await tx.lastSuccessFrom(name.toLowerCase(), address);
    return lastSuccess !== null && this.now() - lastSuccess < KNOWN_ADDRESS_MS;
  }

  /**
   * Refuses when a lock applies to this name at this address; otherwise counts the attempt as a
   * failure right away (one transaction over its counts, so parallel attempts see each other) and
   * returns it.
   */
  begin(name: string, address: string | null): Promise<ThrottleGate> {
    const keys = this.keys(name, address);
    return this.store.transaction(
      keys.map((k) => k.key),
      async (tx): Promise<ThrottleGate> => {
        const now = this.now();
        const known = await this.isKnownAddress(tx, name, address);
        let wait = 0;
        let lockingKey: { key: string; lockedUntil: number } | null = null;
        const counts = new Map<string, Awaited<ReturnType<SignInFailureTransaction['get']>>>();
        for (const { scope, key } of keys) {
          const row = await tx.get(key);
          counts.set(key, row);
          if (known && scope === 'name') continue;
          if (row && row.lockedUntil > now && row.lockedUntil - now > wait) {
            wait = row.lockedUntil - now;
            lockingKey = { key, lockedUntil: row.lockedUntil };
          }
        }
        if (wait > 0 && lockingKey) return { kind: 'locked', retryAfterMs: wait, firstRefusal: this.firstRefusal(lockingKey.key, lockingKey.lockedUntil) };

        for (const { key, name: rowName, rule } of keys) {
          const row = counts.get(key);
          const previous = row && now - row.lastFailureAt < rule.forgetAfterMs ? row.failures : 0;
          const failures = previous + 1;
          const lockout = lockoutFor(failures, rule);
          await tx.put(key, rowName, { failures, lastFailureAt: now, lockedUntil: lockout > 0 ? now + lockout : 0 });
        }
        return { kind: 'reserved', attempt: { keys, name: name.toLowerCase(), address, knownAddress: known } };
      },
    );
  }

  async settle(attempt: ReservedAttempt, outcome: AttemptOutcome): Promise<void> {
    if (outcome === 'failed') return;
    await this.store.transaction(
      attempt.keys.map((k) => k.key),
      async (tx) => {
        for (const counted of attempt.keys) {
          if (outcome === 'busy' && counted.scope === 'address') continue; // a "busy" answer stays counted against the address
          if (outcome === 'succeeded' && counted.scope === 'name-at-address') {
            await tx.remove(counted.key);
            continue;
          }
          await this.takeBack(tx, counted);
        }
        if (outcome === 'succeeded' && attempt.address) await tx.recordSuccess(attempt.name, attempt.address, this.now());
      },
    );
  }

  /** Undoes one counted attempt; a lock stays only if the remaining failures alone would hold it. */
  private async takeBack(tx: SignInFailureTransaction, { key, name, rule }: CountedKey): Promise<void> {
    const row = await tx.get(key);
    if (!row) return;
    const failures = Math.max(0, row.failures - 1);
    if (failures === 0) {
      await tx.remove(key);
      return;
    }
    const lockedUntil = lockoutFor(failures, rule) > 0 ? row.lockedUntil : 0;
    await tx.put(key, name, { failures, lastFailureAt: row.lastFailureAt, lockedUntil });
  }

  /**
   * Whether this refusal is the first of its lock here. Kept per process: behind a balancer each
   * replica audits a lock's first refusal it sees, at most one entry per replica per lock.
   */
  private firstRefusal(key: string, lockedUntil: number): boolean {
    if (this.refusalsAudited.get(key) === lockedUntil) return false;
    if (this.refusalsAudited.size >= MAX_REMEMBERED_REFUSALS) this.refusalsAudited.clear();
    this.refusalsAudited.set(key, lockedUntil);
    return true;
  }

  /** Forgets this one account's counts and locks (from every address). Returns how many were cleared. */
  unlock(name: string): Promise<number> {
    return this.store.clearName(name.toLowerCase());
  }

  /** Forgets rows whose count has lapsed, so the tables only hold recent trouble. */
  async purgeStale(): Promise<void> {
    const now = this.now();
    const forgetAfter = Math.max(this.rules.nameAtAddress.forgetAfterMs, this.rules.name.forgetAfterMs, this.rules.address.forgetAfterMs);
    await this.store.purge(now - forgetAfter, now, now - KNOWN_ADDRESS_MS);
    this.refusalsAudited.clear();
  }
}
