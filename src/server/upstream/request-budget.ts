/**
 * Keeps Runwatch's upstream traffic inside the organisation's rate limit (200 requests per rolling
 * 10 s, shared by every key). A token bucket holds `burst` tokens and refills so that even a full
 * bucket plus a window's refill stays under `limit` per window. Callers wait in a priority queue, so
 * user actions and first views go ahead of refreshes of pages already open.
 *
 * A 429 from the upstream empties the bucket, pauses all calls (for `Retry-After` when given,
 * otherwise 1 s doubling up to 30 s) and halves the refill rate; the rate then climbs back to full
 * over a few seconds of quiet, so a shared quota someone else is draining is not hammered.
 */

/** `action`: a person clicked something. `interactive`: a first view. `background`: a refresh. */
export type RequestPriority = 'action' | 'interactive' | 'background';

const PRIORITY_RANK: Record<RequestPriority, number> = { action: 0, interactive: 1, background: 2 };

export interface RequestBudgetOptions {
  /** Most requests in any `windowMs`. */
  limit?: number;
  windowMs?: number;
  /** Requests that may go out back to back; the rest are spread over the window. */
  burst?: number;
  /** Floor for the rate multiplier after repeated 429s. */
  minRateFactor?: number;
  /** How fast the rate multiplier recovers per second once a pause is over. */
  recoveryPerSecond?: number;
  now?: () => number;
}

interface Waiter {
  rank: number;
  seq: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export interface BudgetSnapshot {
  tokens: number;
  rateFactor: number;
  pausedForMs: number;
  queued: number;
}

export class RequestBudget {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  readonly #minRateFactor: number;
  readonly #recoveryPerMs: number;
  readonly #now: () => number;

  #tokens: number;
  #lastRefill: number;
  #rateFactor = 1;
  #pausedUntil = 0;
  #nextBackoffMs = 1000;
  #queue: Waiter[] = [];
  #seq = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: RequestBudgetOptions = {}) {
    const limit = options.limit ?? 150;
    const windowMs = options.windowMs ?? 10_000;
    this.#capacity = Math.max(1, Math.min(options.burst ?? Math.floor(limit / 5), limit));
    this.#refillPerMs = Math.max(limit - this.#capacity, 1) / windowMs;
    this.#minRateFactor = options.minRateFactor ?? 0.1;
    this.#recoveryPerMs = (options.recoveryPerSecond ?? 0.1) / 1000;
    this.#now = options.now ?? (() => performance.now());
    this.#tokens = this.#capacity;
    this.#lastRefill = this.#now();
  }

  /** Resolves when the caller may send one request; rejects with the signal's reason if it aborts first. */
  acquire(priority: RequestPriority, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        rank: PRIORITY_RANK[priority],
        seq: this.#seq++,
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.#queue = this.#queue.filter((w) => w !== waiter);
          reject(signal?.reason);
          this.#pump();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#insert(waiter);
      this.#pump();
    });
  }

  /**
   * Takes a token at once when nobody is waiting and one is free (the common case), without the
   * promise and queue entry `acquire` needs; false means the caller must `acquire` and wait.
   */
  tryAcquire(): boolean {
    if (this.#queue.length > 0) return false;
    const now = this.#now();
    this.#refill(now);
    if (now < this.#pausedUntil || this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** The upstream said 429: stop for a while and come back slower. Returns the pause in ms. */
  reportRateLimited(retryAfterSeconds: number | null): number {
    const now = this.#now();
    this.#refill(now);
    const pauseMs = retryAfterSeconds !== null ? retryAfterSeconds * 1000 : this.#nextBackoffMs;
    this.#nextBackoffMs = Math.min(this.#nextBackoffMs * 2, 30_000);
    this.#pausedUntil = Math.max(this.#pausedUntil, now + pauseMs);
    this.#rateFactor = Math.max(this.#minRateFactor, this.#rateFactor / 2);
    this.#tokens = 0;
    return this.#pausedUntil - now;
  }

  /** How long until calls flow again after a 429 (0 when not paused). */
  pausedForMs(): number {
    return Math.max(0, this.#pausedUntil - this.#now());
  }

  snapshot(): BudgetSnapshot {
    this.#refill(this.#now());
    return { tokens: this.#tokens, rateFactor: this.#rateFactor, pausedForMs: this.pausedForMs(), queued: this.#queue.length };
  }

  #insert(waiter: Waiter): void {
    const at = this.#queue.findIndex((w) => w.rank > waiter.rank || (w.rank === waiter.rank && w.seq > waiter.seq));
    if (at === -1) this.#queue.push(waiter);
    else this.#queue.splice(at, 0, waiter);
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#lastRefill);
    this.#lastRefill = now;
    if (now < this.#pausedUntil) return;
    // Recovery only counts time after the pause ended.
    const quiet = Math.min(elapsed, now - this.#pausedUntil);
    if (this.#rateFactor < 1) {
      this.#rateFactor = Math.min(1, this.#rateFactor + quiet * this.#recoveryPerMs);
      if (this.#rateFactor === 1) this.#nextBackoffMs = 1000;
    }
    this.#tokens = Math.min(this.#capacity, this.#tokens + quiet * this.#refillPerMs * this.#rateFactor);
  }

  #pump(): void {
    const now = this.#now();
    this.#refill(now);
    while (this.#queue.length > 0 && now >= this.#pausedUntil && this.#tokens >= 1) {
      const waiter = this.#queue.shift()!;
      this.#tokens -= 1;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#queue.length === 0) return;
    const untilUnpaused = Math.max(0, this.#pausedUntil - now);
    const untilToken = this.#tokens >= 1 ? 0 : (1 - this.#tokens) / (this.#refillPerMs * this.#rateFactor);
    this.#timer = setTimeout(() => this.#pump(), Math.max(1, Math.ceil(untilUnpaused + untilToken)));
    this.#timer.unref?.();
  }
}
