/** One failure count (times in epoch ms; `lockedUntil` 0 when not locked). */
export interface FailureCount {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

/** Reads and writes inside one throttle transaction. */
export interface SignInFailureTransaction {
  get(key: string): Promise<FailureCount | null>;
  /** `name`: the lower-case account name the count is bound to, null for an address-wide count. */
  put(key: string, name: string | null, count: FailureCount): Promise<void>;
  remove(key: string): Promise<void>;
  /** When the name last signed in from the address, or null. */
  lastSuccessFrom(name: string, address: string): Promise<number | null>;
  recordSuccess(name: string, address: string, at: number): Promise<void>;
}

/**
 * Where sign-in failure counts live (sign-in-throttle.ts holds the rules): `sign_in_failures` and
 * `sign_in_known_addresses` in accounts.sqlite, or the same tables on PostgreSQL, shared by every
 * replica so a guesser gains nothing by being spread over them by the balancer.
 */
export interface SignInFailureStore {
  /**
   * Runs `work` as one transaction with the given counts locked against every other attempt
   * touching them (in this process, and on PostgreSQL on every replica).
   */
  transaction<T>(keys: readonly string[], work: (tx: SignInFailureTransaction) => Promise<T>): Promise<T>;
  /** Clears every count bound to a lower-case name; returns how many. */
  clearName(name: string): Promise<number>;
  /** Drops counts with no failure since `failedBefore` and no lock after `now`, and known addresses not used since `knownBefore`. */
  purge(failedBefore: number, now: number, knownBefore: number): Promise<void>;
}
