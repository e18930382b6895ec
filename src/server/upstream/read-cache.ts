/**
 * Single-flight reads with a short reuse window and a last-good copy:
 * - identical reads in flight share one upstream call;
 * - a result is reused for `ttlMs(value)` (short for active runs, longer for finished ones);
 * - a failure is reused for `failureTtlMs`, so an outage costs one upstream attempt per window too;
 * - when a refresh fails, the last good value is served as stale (if `canServeStale` allows).
 * Entries are kept in insertion order and the oldest are evicted beyond `maxEntries`. Failures of
 * keys with no good copy (e.g. lookups of ids that do not exist) are kept apart, bounded by
 * `maxFailureEntries`, so a flood of them never evicts the good copies others read.
 *
 * `invalidate` also disowns fetches under way: a read that started before an action may answer
 * with the state before it, so its result goes to its own callers only, never into the cache, and
 * reads after the invalidation start a fetch of their own instead of joining it.
 */

import { metrics } from '../metrics/metrics';

export type CacheSource = 'miss' | 'hit' | 'stale';

const notRemembered = new WeakSet<object>();

/**
 * Marks a failure as the failing caller's alone (e.g. its own share of the request budget was
 * spent): its readers get the stale copy or the error as usual, but it is never remembered for
 * the next reader of the key, who may well have budget left.
 */
export function failureForThisReadOnly<E extends object>(error: E): E {
  notRemembered.add(error);
  return error;
}

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
  /** Most remembered failures of keys with no good copy. Default: a quarter of `maxEntries`. */
  maxFailureEntries?: number;
  canServeStale?: (error: unknown) => boolean;
  now?: () => number;
  /** The `cache` label of its reads in `/metrics`. */
  name?: string;
}

/** Passed to the fetch function: `refresh` is true when an older copy exists (a page already open). */
export interface FetchContext {
  refresh: boolean;
}

/** Fetches under way for one key, and how many times the key was invalidated while they ran. */
interface Running {
  generation: number;
  fetches: number;
}

interface Entry<T> {
  value?: { data: T; fetchedAt: number; expiresAt: number };
  failure?: { error: unknown; until: number };
}

export class ReadCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  /** Keys that have only ever failed: their last failure, oldest first. */
  readonly #failuresOnly = new Map<string, { error: unknown; until: number }>();
  readonly #inFlight = new Map<string, Promise<CacheRead<T>>>();
  /** Only keys with a fetch under way (bypassing ones included): nothing to disown otherwise. */
  readonly #running = new Map<string, Running>();
  readonly #ttlMs: (value: T) => number;
  readonly #failureTtlMs: number;
  readonly #maxEntries: number;
  readonly #maxFailureEntries: number;
  readonly #canServeStale: (error: unknown) => boolean;
  readonly #now: () => number;
  readonly #name: string;

  constructor(options: ReadCacheOptions<T>) {
    this.#name = options.name ?? 'unnamed';
    this.#ttlMs = options.ttlMs;
    this.#failureTtlMs = options.failureTtlMs ?? 1000;
    this.#maxEntries = options.maxEntries ?? 2000;
    this.#maxFailureEntries = options.maxFailureEntries ?? Math.max(1, Math.floor(this.#maxEntries / 4));
    this.#canServeStale = options.canServeStale ?? (() => true);
    this.#now = options.now ?? Date.now;
  }

  /**
   * The copy of `key` when one is held within its window (what `read` would answer as a hit), or
   * null; never starts a fetch, so a caller can skip the set-up a fetch would need.
   */
  peek(key: string): CacheRead<T> | null {
    const value = this.#entries.get(key)?.value;
    if (!value || this.#now() >= value.expiresAt) return null;
    metrics.cacheRead(this.#name, 'hit');
    return { value: value.data, fetchedAt: value.fetchedAt, source: 'hit' };
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
        metrics.cacheRead(this.#name, 'hit');
        return { value: entry.value.data, fetchedAt: entry.value.fetchedAt, source: 'hit' };
      }
      if (entry.failure && now < entry.failure.until) {
        metrics.cacheRead(this.#name, 'failure_hit');
        return this.#fallback(entry, entry.failure.error);
      }
    }
    const failed = this.#failuresOnly.get(key);
    if (!options.bypass && failed && now < failed.until) {
      metrics.cacheRead(this.#name, 'failure_hit');
      throw failed.error;
    }

    const pending = options.bypass ? undefined : this.#inFlight.get(key);
    if (pending) {
      metrics.cacheRead(this.#name, 'coalesced');
      const shared = await pending;
      return shared.source === 'miss' ? { ...shared, source: 'hit' } : shared;
    }

    metrics.cacheRead(this.#name, 'miss');
    const run = this.#fetchAndStore(key, fetch, entry !== undefined);
    if (!options.bypass) {
      this.#inFlight.set(key, run);
      const settled = () => this.#settled(key, run);
      run.then(settled, settled);
    }
    return run;
  }

  /**
   * Ends the reuse window (and any cached failure) of matching keys; the last good copy stays.
   * Fetches of those keys already under way will not store what they get.
   */
  invalidate(matches: (key: string) => boolean): void {
    for (const [key, entry] of this.#entries) {
      if (!matches(key)) continue;
      if (entry.value) entry.value.expiresAt = 0;
      delete entry.failure;
    }
    for (const key of this.#failuresOnly.keys()) if (matches(key)) this.#failuresOnly.delete(key);
    for (const [key, running] of this.#running) {
      if (!matches(key)) continue;
      running.generation += 1;
      this.#inFlight.delete(key);
    }
  }

  /** Stores a value obtained some other way (e.g. the run returned by a POST); it is newer than any fetch under way. */
  put(key: string, data: T, fetchedAt = this.#now()): void {
    this.invalidate((k) => k === key);
    this.#store(key, { value: { data, fetchedAt, expiresAt: fetchedAt + this.#ttlMs(data) } });
  }

  get size(): number {
    return this.#entries.size;
  }

  async #fetchAndStore(key: string, fetch: (ctx: FetchContext) => Promise<T>, refresh: boolean): Promise<CacheRead<T>> {
    let running = this.#running.get(key);
    if (!running) this.#running.set(key, (running = { generation: 0, fetches: 0 }));
    running.fetches += 1;
    // Still current when no invalidation came since it started (compared in place: no closure per fetch).
    const generation = running.generation;
    try {
      const data = await fetch({ refresh });
      const fetchedAt = this.#now();
      if (running.generation === generation) this.#store(key, { value: { data, fetchedAt, expiresAt: fetchedAt + this.#ttlMs(data) } });
      return { value: data, fetchedAt, source: 'miss' };
    } catch (error) {
      const entry = this.#entries.get(key);
      const failure = { error, until: this.#now() + this.#failureTtlMs };
      const remember = running.generation === generation && !(typeof error === 'object' && error !== null && notRemembered.has(error));
      if (!entry) {
        if (remember) this.#rememberFailureOnly(key, failure);
        throw error;
      }
      if (remember) {
        entry.failure = failure;
        this.#store(key, entry);
      }
      return this.#fallback(entry, error);
    } finally {
      running.fetches -= 1;
      if (running.fetches === 0) this.#running.delete(key);
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

  #rememberFailureOnly(key: string, failure: { error: unknown; until: number }): void {
    this.#failuresOnly.delete(key);
    if (this.#failureTtlMs <= 0) return;
    this.#failuresOnly.set(key, failure);
    if (this.#failuresOnly.size > this.#maxFailureEntries) this.#failuresOnly.delete(this.#failuresOnly.keys().next().value as string);
  }

  #store(key: string, entry: Entry<T>): void {
    this.#failuresOnly.delete(key);
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}
