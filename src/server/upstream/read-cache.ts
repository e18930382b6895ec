/**
 * Single-flight reads with a short reuse window and a last-good copy:
 * - identical reads in flight share one upstream call;
 * - a result is reused for `ttlMs(value)` (short for active runs, longer for finished ones);
 * - a failure is reused for `failureTtlMs`, so an outage costs one upstream attempt per window too;
 * - when a refresh fails, the last good value is served as stale (if `canServeStale` allows).
 * Entries are kept in insertion order and the oldest are evicted beyond `maxEntries`.
 */

export type CacheSource = 'miss' | 'hit' | 'stale';

export interface CacheRead<T> {
  value: T;
  /** Wall-clock ms when the value came from the upstream. */
  fetchedAt: number;
  source: CacheSource;
  /** Why a stale value was served. */
  staleBecause?: unknown;
}

export interface ReadCacheOptions<T> {
  ttlMs: (value: T) => number;
  failureTtlMs?: number;
  maxEntries?: number;
  canServeStale?: (error: unknown) => boolean;
  now?: () => number;
}

/** Passed to the fetch function: `refresh` is true when an older copy exists (a page already open). */
export interface FetchContext {
  refresh: boolean;
}

interface Entry<T> {
  value?: { data: T; fetchedAt: number; expiresAt: number };
  failure?: { error: unknown; until: number };
}

export class ReadCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #inFlight = new Map<string, Promise<CacheRead<T>>>();
  readonly #ttlMs: (value: T) => number;
  readonly #failureTtlMs: number;
  readonly #maxEntries: number;
  readonly #canServeStale: (error: unknown) => boolean;
  readonly #now: () => number;

  constructor(options: ReadCacheOptions<T>) {
    this.#ttlMs = options.ttlMs;
    this.#failureTtlMs = options.failureTtlMs ?? 1000;
    this.#maxEntries = options.maxEntries ?? 2000;
    this.#canServeStale = options.canServeStale ?? (() => true);
    this.#now = options.now ?? Date.now;
  }

  /**
   * Reads `key`. With `bypass`, the reuse window and the cached failure are ignored (a fresh read
   * is needed, e.g. before submitting an answer); a stale copy is still the fallback.
   */
  async read(key: string, fetch: (ctx: FetchContext) => Promise<T>, options: { bypass?: boolean } = {}): Promise<CacheRead<T>> {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (!options.bypass && entry) {
      if (entry.value && now < entry.value.expiresAt) {
        return { value: entry.value.data, fetchedAt: entry.value.fetchedAt, source: 'hit' };
      }
      if (entry.failure && now < entry.failure.until) return this.#fallback(entry, entry.failure.error);
    }

    const pending = options.bypass ? undefined : this.#inFlight.get(key);
    if (pending) {
      const shared = await pending;
      return shared.source === 'miss' ? { ...shared, source: 'hit' } : shared;
    }

    const run = this.#fetchAndStore(key, fetch, entry !== undefined);
    if (!options.bypass) {
      this.#inFlight.set(key, run);
      run.then(
        () => this.#settled(key, run),
        () => this.#settled(key, run),
      );
    }
    return run;
  }

  /** Ends the reuse window (and any cached failure) of matching keys; the last good copy stays. */
  invalidate(matches: (key: string) => boolean): void {
    for (const [key, entry] of this.#entries) {
      if (!matches(key)) continue;
      if (entry.value) entry.value.expiresAt = 0;
      delete entry.failure;
    }
  }

  /** Stores a value obtained some other way (e.g. the run returned by a POST). */
  put(key: string, data: T, fetchedAt = this.#now()): void {
    this.#store(key, { value: { data, fetchedAt, expiresAt: fetchedAt + this.#ttlMs(data) } });
  }

  get size(): number {
    return this.#entries.size;
  }

  async #fetchAndStore(key: string, fetch: (ctx: FetchContext) => Promise<T>, refresh: boolean): Promise<CacheRead<T>> {
    try {
      const data = await fetch({ refresh });
      const fetchedAt = this.#now();
      this.#store(key, { value: { data, fetchedAt, expiresAt: fetchedAt + this.#ttlMs(data) } });
      return { value: data, fetchedAt, source: 'miss' };
    } catch (error) {
      const entry = this.#entries.get(key) ?? {};
      entry.failure = { error, until: this.#now() + this.#failureTtlMs };
      this.#store(key, entry);
      return this.#fallback(entry, error);
    }
  }

  #settled(key: string, run: Promise<CacheRead<T>>): void {
    if (this.#inFlight.get(key) === run) this.#inFlight.delete(key);
  }

  #fallback(entry: Entry<T>, error: unknown): CacheRead<T> {
    if (entry.value && this.#canServeStale(error)) {
      return { value: entry.value.data, fetchedAt: entry.value.fetchedAt, source: 'stale', staleBecause: error };
    }
    throw error;
  }

  #store(key: string, entry: Entry<T>): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}
