import { MAX_RATE_LIMIT_PAUSE_MS } from './rate-limit-pause';

/**
 * The one scheduler of Runwatch's upstream calls. It keeps them inside Runwatch's share of the
 * organisation's rate limit (200 requests per rolling 10 s, shared by every key, the customer's own
 * automation included; Runwatch's share is `limit`, by default half), and orders them: actions, then
 * reads of runs someone is looking at, then event catch-up, then back-fill. Under pressure it
 * degrades freshness (a refresh gets the cached copy, marked stale) rather than failing reads.
 *
 * - A token bucket holds `burst` tokens and refills so that even a full bucket plus a window's
 *   refill stays under `limit` per window. Callers wait in a priority queue, so user actions and
 *   first views go ahead of lookups; a refresh of a page already open never waits: with no token
 *   free it is refused at once and the caller serves its cached copy, marked stale.
 * - Each requester (a signed-in session) draws on its own bucket as well, at `requesterShare` of the
 *   whole, so one session cannot spend what the others need; waiters of different sessions are
 *   served round robin.
 * - Lookups of ids this server never saw exist (`unseen` lane: typos, made-up ids) have a small lane
 *   of their own (`unseenShare`), a per-session part of it, come after every other waiter but
 *   back-fill and never take the last `reserve` tokens, so a flood of junk ids cannot delay reads
 *   of runs that exist.
 * - Runwatch's own reads of the event log wait behind every read someone waits for: `catch_up`
 *   (following the log) leaves `catchUpReserve` tokens, `backfill` (filling the retained window once)
 *   comes after everything else and leaves `backfillReserve`, so a burst of page views always finds
 *   tokens and back-fill only uses what is left. Neither ever makes a person's call wait: a claim
 *   passes every waiter of lower precedence.
 *
 * A 429 from the upstream empties the bucket and pauses regular calls for `Retry-After` when given
 * (otherwise 1 s doubling), never longer than `maxPauseMs`, and halves the refill rate. While paused,
 * one probe call at a time goes out (every `probeIntervalMs`; never a lookup of an unseen id or a
 * back-fill read); its answer ends the pause at once, so reads recover as soon as the upstream
 * does. The rate then climbs back to full over a few seconds of quiet, so a shared quota someone
 * else is draining is not hammered.
 */

/** `action`: a person clicked something. `interactive`: a first view. `background`: a refresh. */
export type RequestPriority = 'action' | 'interactive' | 'background';

/**
 * `unseen`: a lookup of an id this server has never seen exist. `catch_up`: following the event log.
 * `backfill`: filling the retained event window (or the run index) once. Everything else is `known`.
 * The event lanes go after every read a person waits for, whatever the claim's priority.
 */
export type RequestLane = 'known' | 'unseen' | 'catch_up' | 'backfill';

export const REQUEST_LANES: readonly RequestLane[] = ['known', 'unseen', 'catch_up', 'backfill'];

/** What the budget reports use by: who a call is for and why. */
export type BudgetUse = 'action' | 'first_view' | 'refresh' | 'unseen' | 'catch_up' | 'backfill';

export const BUDGET_USES: readonly BudgetUse[] = ['action', 'first_view', 'refresh', 'unseen', 'catch_up', 'backfill'];

export interface BudgetClaim {
  priority: RequestPriority;
  lane?: RequestLane;
  /** Whose call this is (a session key); null for Runwatch's own calls, which have no share. */
  requester?: string | null;
}

/** Leave to send one request. Hand it back with `settle` once the upstream answered (or did not). */
export interface BudgetPermit {
  /** Sent while paused, to find out whether the upstream takes calls again. */
  readonly probe: boolean;
}

export type CallOutcome =
  | { kind: 'answered' }
  | { kind: 'rate_limited'; retryAfterSeconds: number | null }
  /** No answer worth judging the rate limit by (network failure, timeout). */
  | { kind: 'failed' };

/** Why a claim was turned down without waiting. */
export class BudgetRefusal extends Error {
  constructor(
    /** `paused`: the upstream rate-limited us. `exhausted`: no share left right now. */
    readonly reason: 'paused' | 'exhausted',
    readonly retryAfterMs: number,
  ) {
    super(reason === 'paused' ? 'the upstream rate-limited Runwatch; waiting before trying again' : 'no upstream request budget free right now');
    this.name = 'BudgetRefusal';
  }
}

export interface RequestBudgetOptions {
  /** Most requests in any `windowMs`. */
  limit?: number;
  windowMs?: number;
  /** Requests that may go out back to back; the rest are spread over the window. */
  burst?: number;
  /** Part of the rate and burst one requester may use (0–1). */
  requesterShare?: number;
  /** Part of the rate and burst all lookups of unseen ids together may use (0–1). */
  unseenShare?: number;
  /** Part of the unseen lane one requester may use (0–1). */
  unseenRequesterShare?: number;
  /** Tokens a lookup of an unseen id must leave in the bucket. Default: a quarter of `burst`. */
  reserve?: number;
  /** Tokens an event catch-up read must leave in the bucket. Default: a tenth of `burst`. */
  catchUpReserve?: number;
  /** Tokens a back-fill read must leave in the bucket. Default: half of `burst`. */
  backfillReserve?: number;
  /** Most catch-up or back-fill reads waiting at once (each lane); more are refused at once. */
  maxQueuedPerEventLane?: number;
  /** Most calls one requester may have waiting; more are refused at once. */
  maxQueuedPerRequester?: number;
  /** Most lookups of unseen ids one requester may have waiting. */
  maxQueuedUnseenPerRequester?: number;
  /** Longest pause after a 429, whatever `Retry-After` says. */
  maxPauseMs?: number;
  /** Time between probe calls while paused. */
  probeIntervalMs?: number;
  /** A probe not settled after this long no longer blocks the next one. */
  probeTimeoutMs?: number;
  /** Floor for the rate multiplier after repeated 429s. */
  minRateFactor?: number;
  /** How fast the rate multiplier recovers per second once a pause is over. */
  recoveryPerSecond?: number;
  now?: () => number;
  /**
   * Tokens shared with other processes (replicas of one Runwatch): the bucket is then filled only by
   * what this source grants, never by time, so the replicas together stay within `limit`. Lane
   * precedence holds across replicas too: a token for a lane with a reserve is granted only while
   * the shared bucket keeps that reserve.
   */
  tokenSource?: SharedTokenSource;
  /** With a token source: tokens held ahead for reads of known runs, so a refresh seldom waits on the source. */
  sharedStock?: number;
}

/**
 * A bucket of upstream requests shared by several processes. `take` grants up to `wanted` tokens,
 * only while `keep` tokens stay in the shared bucket; it resolves with the number granted (0 when
 * none can go now). Tokens granted are spent, whether used or not.
 */
export interface SharedTokenSource {
  take(wanted: number, keep: number): Promise<number>;
  /** Tokens of a full shared bucket (the reserves of the lanes are parts of it). */
  readonly capacity: number;
  /** Ms to wait before asking again after nothing was granted. */
  readonly retryMs: number;
}

/** Lanes that hold tokens of their own when the bucket is shared: each was granted with its lane's reserve kept. */
type ReservedLane = Exclude<RequestLane, 'known'>;

/** Calls of one use: waiting now, and since start sent (`served`) or turned down at once (`refused`). */
export interface BudgetUseCounts {
  waiting: number;
  served: number;
  refused: number;
}

/** A read-only view of the budget, for the status endpoint and metrics. */
export interface BudgetSnapshot {
  /** Requests per window Runwatch allows itself, and the window. */
  limit: number;
  windowMs: number;
  /** Tokens free now, and the most the bucket holds. */
  tokens: number;
  capacity: number;
  rateFactor: number;
  pausedForMs: number;
  /** Wall-clock end of the pause after a 429 (ISO 8601); null when not paused. */
  pausedUntil: string | null;
  queued: number;
  /** Requesters with a share being tracked. */
  requesters: number;
  uses: Record<BudgetUse, BudgetUseCounts>;
}

const PRIORITY_RANK: Record<RequestPriority, number> = { action: 0, interactive: 1, background: 2 };
/** Precedence of the event lanes, whatever the claim's priority: after people's reads; back-fill after all. */
const CATCH_UP_PRECEDENCE = 3;
const BACKFILL_PRECEDENCE = 30;

/** Beyond this many tracked requesters, idle ones with full buckets are forgotten. */
const REQUESTER_SWEEP_AT = 2_000;

class Bucket {
  tokens: number;
  #last: number;

  constructor(
    readonly capacity: number,
    readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.#last = now;
  }

  refill(now: number): void {
    const elapsed = Math.max(0, now - this.#last);
    this.#last = now;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.perMs);
  }

  /** Ms until `needed` tokens are there (0 when they are). */
  msUntil(needed: number): number {
    return this.tokens >= needed ? 0 : (needed - this.tokens) / this.perMs;
  }

  get full(): boolean {
    return this.tokens >= this.capacity;
  }
}

interface RequesterShare {
  bucket: Bucket;
  unseen: Bucket;
  waiting: number;
  waitingUnseen: number;
  /** Sequence number of its last grant: the least recently served goes first. */
  lastGrant: number;
}

interface Waiter {
  claim: Required<BudgetClaim>;
  use: BudgetUse;
  precedence: number;
  seq: number;
  resolve: (permit: BudgetPermit) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

const REGULAR: BudgetPermit = Object.freeze({ probe: false });
const PROBE: BudgetPermit = Object.freeze({ probe: true });

export class RequestBudget {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  readonly #requesterShare: number;
  readonly #unseenRequesterShare: number;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #reserve: number;
  readonly #catchUpReserve: number;
  readonly #backfillReserve: number;
  readonly #maxQueuedPerEventLane: number;
  readonly #maxQueuedPerRequester: number;
  readonly #maxQueuedUnseenPerRequester: number;
  readonly #maxPauseMs: number;
  readonly #probeIntervalMs: number;
  readonly #probeTimeoutMs: number;
  readonly #minRateFactor: number;
  readonly #recoveryPerMs: number;
  readonly #now: () => number;
  readonly #source: SharedTokenSource | null;
  readonly #sharedStock: number;
  /** With a shared source: tokens granted for each reserved lane and not used yet. */
  readonly #laneTokens: Record<ReservedLane, number> = { unseen: 0, catch_up: 0, backfill: 0 };
  #toppingUp = false;
  #topUpTimer: NodeJS.Timeout | null = null;

  #tokens: number;
  #lastRefill: number;
  #rateFactor = 1;
  #pausedUntil = 0;
  /** A pause is set whose end has not been seen yet. */
  #resumePending = false;
  #nextBackoffMs = 1000;
  #probeSince: number | null = null;
  #nextProbeAt = 0;
  readonly #unseen: Bucket;
  readonly #requesters = new Map<string, RequesterShare>();
  #queue: Waiter[] = [];
  #seq = 0;
  #grants = 0;
  readonly #uses = Object.fromEntries(BUDGET_USES.map((use) => [use, { waiting: 0, served: 0, refused: 0 }])) as Record<BudgetUse, BudgetUseCounts>;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: RequestBudgetOptions = {}) {
    const limit = options.limit ?? 100;
    const windowMs = options.windowMs ?? 10_000;
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#now = options.now ?? (() => performance.now());
    this.#capacity = Math.max(1, Math.min(options.burst ?? Math.floor(limit / 5), limit));
    this.#refillPerMs = Math.max(limit - this.#capacity, 1) / windowMs;
    this.#requesterShare = clampShare(options.requesterShare ?? 0.5);
    const unseenShare = clampShare(options.unseenShare ?? 0.2);
    this.#unseenRequesterShare = clampShare(options.unseenRequesterShare ?? 0.5);
    // A reserve as large as the bucket would shut its lane for good.
    const headroom = (tokens: number) => Math.min(this.#capacity - 1, Math.max(0, tokens));
    this.#reserve = headroom(options.reserve ?? Math.ceil(this.#capacity / 4));
    this.#catchUpReserve = headroom(options.catchUpReserve ?? Math.ceil(this.#capacity / 10));
    this.#backfillReserve = headroom(options.backfillReserve ?? Math.ceil(this.#capacity / 2));
    this.#maxQueuedPerEventLane = options.maxQueuedPerEventLane ?? 8;
    this.#maxQueuedPerRequester = options.maxQueuedPerRequester ?? 32;
    this.#maxQueuedUnseenPerRequester = options.maxQueuedUnseenPerRequester ?? 2;
    this.#maxPauseMs = options.maxPauseMs ?? MAX_RATE_LIMIT_PAUSE_MS;
    this.#probeIntervalMs = options.probeIntervalMs ?? 1_000;
    this.#probeTimeoutMs = options.probeTimeoutMs ?? 15_000;
    this.#minRateFactor = options.minRateFactor ?? 0.1;
    this.#recoveryPerMs = (options.recoveryPerSecond ?? 0.2) / 1000;
    const now = this.#now();
    this.#source = options.tokenSource ?? null;
    this.#sharedStock = Math.max(1, Math.min(this.#capacity, options.sharedStock ?? 2));
    // Shared: nothing is free until the source grants it.
    this.#tokens = this.#source ? 0 : this.#capacity;
    this.#lastRefill = now;
    this.#unseen = new Bucket(Math.max(1, Math.ceil(this.#capacity * unseenShare)), this.#refillPerMs * unseenShare, now);
  }

  /**
   * Leave to send at once, or null when the claim must `take` (and wait, or be refused). The
   * common case needs no promise, queue entry or timer.
   */
  tryTake(claim: BudgetClaim): BudgetPermit | null {
    const full = fullClaim(claim);
    const now = this.#now();
    this.#refillAll(now);
    if (this.#queue.length === 0) {
      const permit = this.#grant(full, now);
      if (this.#source) this.#topUp();
      return permit;
    }
    // Waiters that can go now and come before this claim (or level with it) go first; what stays
    // queued is blocked for reasons of its own. Waiters that come after it never take its token.
    this.#pump(precedenceOf(full));
    const permit = this.#grant(full, now);
    if (this.#queue.length > 0) this.#pump();
    return permit;
  }

  /**
   * Resolves with leave to send one request. Rejects with a BudgetRefusal when the claim may not
   * wait (a refresh with no token free; a requester with too many calls waiting; a pause longer
   * than `maxWaitMs`), or with the signal's reason if it aborts first.
   */
  take(claim: BudgetClaim, options: { signal?: AbortSignal; maxWaitMs?: number } = {}): Promise<BudgetPermit> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const permit = this.tryTake(claim);
    if (permit) return Promise.resolve(permit);
    const full = fullClaim(claim);
    const refusal = this.#refusal(full, options.maxWaitMs ?? Infinity);
    if (refusal) {
      this.#uses[useOf(full)].refused += 1;
      return Promise.reject(refusal);
    }

    return new Promise<BudgetPermit>((resolve, reject) => {
      const waiter: Waiter = {
        claim: full,
        use: useOf(full),
        precedence: precedenceOf(full),
        seq: this.#seq++,
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.#queue = this.#queue.filter((w) => w !== waiter);
          this.#countWaiting(waiter, -1);
          reject(signal?.reason);
          this.#pump();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#queue.push(waiter);
      this.#countWaiting(waiter, 1);
      this.#pump();
    });
  }

  /** Hands a permit back with what became of the call; a 429 pauses, a probe's answer resumes. */
  settle(permit: BudgetPermit, outcome: CallOutcome): void {
    const now = this.#now();
    this.#refillAll(now);
    if (permit.probe) this.#probeSince = null;
    if (outcome.kind === 'rate_limited') {
      this.#rateLimited(now, outcome.retryAfterSeconds, permit.probe);
    } else if (outcome.kind === 'answered' && permit.probe && now < this.#pausedUntil) {
      // The upstream takes calls again: resume now, at no less than half the rate.
      this.#pausedUntil = now;
      this.#rateFactor = Math.max(this.#rateFactor, 0.5);
      if (!this.#source) this.#tokens = Math.max(this.#tokens, 1);
    }
    this.#pump();
  }

  /** How long until regular calls flow again after a 429 (0 when not paused). */
  pausedForMs(): number {
    return Math.max(0, this.#pausedUntil - this.#now());
  }

  snapshot(): BudgetSnapshot {
    this.#refillAll(this.#now());
    const pausedForMs = this.pausedForMs();
    const uses = Object.fromEntries(BUDGET_USES.map((use) => [use, { ...this.#uses[use] }])) as Record<BudgetUse, BudgetUseCounts>;
    return {
      limit: this.#limit,
      windowMs: this.#windowMs,
      tokens: this.#tokens,
      capacity: this.#capacity,
      rateFactor: this.#rateFactor,
      pausedForMs,
      pausedUntil: pausedForMs > 0 ? new Date(Date.now() + pausedForMs).toISOString() : null,
      queued: this.#queue.length,
      requesters: this.#requesters.size,
      uses,
    };
  }

  #rateLimited(now: number, retryAfterSeconds: number | null, probe: boolean): void {
    // A burst of 429s for calls sent before the pause is one event, not many.
    const newEvent = probe || now >= this.#pausedUntil;
    if (!newEvent && retryAfterSeconds === null) return;
    const pauseMs = Math.min(this.#maxPauseMs, retryAfterSeconds !== null ? Math.max(0, retryAfterSeconds) * 1000 : this.#nextBackoffMs);
    if (newEvent) {
      this.#nextBackoffMs = Math.min(this.#nextBackoffMs * 2, this.#maxPauseMs);
      this.#rateFactor = Math.max(this.#minRateFactor, this.#rateFactor / 2);
    }
    this.#pausedUntil = Math.max(this.#pausedUntil, now + pauseMs);
    this.#resumePending = true;
    this.#nextProbeAt = now + this.#probeIntervalMs;
    this.#tokens = 0;
  }

  #paused(now: number): boolean {
    return now < this.#pausedUntil;
  }

  #probeFree(now: number): boolean {
    if (this.#probeSince !== null && now - this.#probeSince >= this.#probeTimeoutMs) this.#probeSince = null;
    return this.#probeSince === null && now >= this.#nextProbeAt;
  }

  /** Takes what the claim needs and returns the permit, or null when it cannot go now. */
  #grant(claim: Required<BudgetClaim>, now: number): BudgetPermit | null {
    const share = claim.requester === null ? null : this.#share(claim.requester, now);
    if (share && share.bucket.tokens < 1) return null;
    if (this.#paused(now)) {
      // Junk lookups and back-fill never spend the probe: it is how everyone's reads come back.
      if (claim.lane === 'unseen' || claim.lane === 'backfill' || !this.#probeFree(now)) return null;
      this.#probeSince = now;
      this.#nextProbeAt = now + this.#probeIntervalMs;
      this.#noteGrant(claim, share);
      return PROBE;
    }
    if (this.#freeFor(claim.lane) < 1) return null;
    if (claim.lane === 'unseen') {
      if (this.#unseen.tokens < 1 || (share && share.unseen.tokens < 1)) return null;
      this.#unseen.tokens -= 1;
    }
    if (this.#source && claim.lane !== 'known') this.#laneTokens[claim.lane] -= 1;
    else this.#tokens -= 1;
    this.#noteGrant(claim, share);
    return REGULAR;
  }

  /** Tokens a claim of this lane may use now: shared, the lane's own grants; else what the bucket holds over its reserve. */
  #freeFor(lane: RequestLane): number {
    if (this.#source) return lane === 'known' ? this.#tokens : this.#laneTokens[lane];
    return this.#tokens - this.#headroomOf(lane);
  }

  /**
   * Asks the shared source for what is missing: the stock for reads of known runs plus one per such
   * waiter, and one per waiter of each reserved lane (granted only while the shared bucket keeps the
   * lane's reserve, scaled to its size). One request at a time; when nothing was granted and claims
   * still wait, it asks again after the source's retry time.
   */
  #topUp(): void {
    const source = this.#source;
    // One request at a time; after one that found nothing free, only the retry timer asks again.
    if (!source || this.#toppingUp || this.#topUpTimer) return;
    const waiting: Record<RequestLane, number> = { known: 0, unseen: 0, catch_up: 0, backfill: 0 };
    for (const waiter of this.#queue) waiting[waiter.claim.lane] += 1;
    const wants: Array<{ lane: RequestLane; wanted: number; keep: number }> = [];
    // The stock is refilled once spent (not after each call), so the source is asked about once per stock.
    const known = this.#tokens < 1 || waiting.known > 0 ? Math.ceil(this.#sharedStock + waiting.known - this.#tokens) : 0;
    if (known > 0) wants.push({ lane: 'known', wanted: known, keep: 0 });
    for (const lane of ['unseen', 'catch_up', 'backfill'] as const) {
      const wanted = waiting[lane] - this.#laneTokens[lane];
      const keep = Math.ceil((this.#headroomOf(lane) / this.#capacity) * source.capacity);
      if (wanted > 0) wants.push({ lane, wanted, keep });
    }
    if (wants.length === 0) return;
    this.#toppingUp = true;
    void (async () => {
      let granted = 0;
      for (const want of wants) {
        const got = await source.take(want.wanted, want.keep).catch(() => 0);
        granted += got;
        if (want.lane === 'known') this.#tokens += got;
        else this.#laneTokens[want.lane] += got;
      }
      this.#toppingUp = false;
      if (granted > 0) {
        this.#pump();
      } else if (this.#queue.length > 0) {
        this.#topUpTimer = setTimeout(() => {
          this.#topUpTimer = null;
          this.#topUp();
        }, source.retryMs);
        this.#topUpTimer.unref?.();
      }
    })();
  }

  /** Tokens a claim of this lane must leave for the lanes before it. */
  #headroomOf(lane: RequestLane): number {
    switch (lane) {
      case 'known':
        return 0;
      case 'unseen':
        return this.#reserve;
      case 'catch_up':
        return this.#catchUpReserve;
      case 'backfill':
        return this.#backfillReserve;
    }
  }

  #noteGrant(claim: Required<BudgetClaim>, share: RequesterShare | null): void {
    const unseen = claim.lane === 'unseen';
    this.#uses[useOf(claim)].served += 1;
    this.#grants += 1;
    if (!share) return;
    share.bucket.tokens -= 1;
    if (unseen) share.unseen.tokens -= 1;
    share.lastGrant = this.#grants;
  }

  /** Why a claim that cannot go now may not wait for its turn either; null when it may. */
  #refusal(claim: Required<BudgetClaim>, maxWaitMs: number): BudgetRefusal | null {
    const now = this.#now();
    const paused = this.#paused(now);
    const refuse = () => (paused ? new BudgetRefusal('paused', this.#pausedUntil - now) : new BudgetRefusal('exhausted', 1000));
    const eventLane = claim.lane === 'catch_up' || claim.lane === 'backfill' ? claim.lane : null;
    // A refresh has a copy to fall back on: better that at once than a wait. Event reads wait their turn.
    if (claim.priority === 'background' && !eventLane) return refuse();
    // Waiting out a pause the caller cannot outlast only delays the answer it will get anyway.
    if (paused && this.#pausedUntil - now > maxWaitMs) return refuse();
    if (eventLane && this.#uses[eventLane].waiting >= this.#maxQueuedPerEventLane) return refuse();
    if (claim.requester === null) return null;
    const share = this.#share(claim.requester, now);
    if (claim.lane === 'unseen' && share.waitingUnseen >= this.#maxQueuedUnseenPerRequester) return refuse();
    if (share.waiting >= this.#maxQueuedPerRequester) return refuse();
    return null;
  }

  /** The requester's share, refilled up to `now` (lazily: only shares in use cost anything). */
  #share(requester: string, now: number): RequesterShare {
    let share = this.#requesters.get(requester);
    if (share) {
      share.bucket.refill(now);
      share.unseen.refill(now);
      return share;
    }
    if (this.#requesters.size >= REQUESTER_SWEEP_AT) this.#forgetIdleRequesters(now);
    const unseenCapacity = Math.max(1, Math.floor(this.#unseen.capacity * this.#unseenRequesterShare));
    share = {
      bucket: new Bucket(Math.max(1, Math.floor(this.#capacity * this.#requesterShare)), this.#refillPerMs * this.#requesterShare, now),
      unseen: new Bucket(unseenCapacity, this.#unseen.perMs * this.#unseenRequesterShare, now),
      waiting: 0,
      waitingUnseen: 0,
      lastGrant: 0,
    };
    this.#requesters.set(requester, share);
    return share;
  }

  /** A requester with nothing waiting and full buckets is no different from a new one. */
  #forgetIdleRequesters(now: number): void {
    for (const [requester, share] of this.#requesters) {
      share.bucket.refill(now);
      share.unseen.refill(now);
      if (share.waiting === 0 && share.bucket.full && share.unseen.full) this.#requesters.delete(requester);
    }
  }

  #countWaiting(waiter: Waiter, delta: number): void {
    this.#uses[waiter.use].waiting += delta;
    if (waiter.claim.requester === null) return;
    const share = this.#requesters.get(waiter.claim.requester);
    if (!share) return;
    share.waiting += delta;
    if (waiter.claim.lane === 'unseen') share.waitingUnseen += delta;
  }

  #refillAll(now: number): void {
    const elapsed = Math.max(0, now - this.#lastRefill);
    this.#lastRefill = now;
    this.#unseen.refill(now);
    if (this.#paused(now)) return;
    if (this.#resumePending) {
      // The first call after a pause goes at once: it finds out whether the upstream takes calls again.
      this.#resumePending = false;
      if (!this.#source) this.#tokens = Math.max(this.#tokens, 1);
    }
    // Recovery only counts time after the pause ended.
    const quiet = Math.min(elapsed, now - this.#pausedUntil);
    if (this.#rateFactor < 1) {
      this.#rateFactor = Math.min(1, this.#rateFactor + quiet * this.#recoveryPerMs);
      if (this.#rateFactor === 1) this.#nextBackoffMs = 1000;
    }
    // Shared: only the source refills (its grants; see #topUp).
    if (!this.#source) this.#tokens = Math.min(this.#capacity, this.#tokens + quiet * this.#refillPerMs * this.#rateFactor);
  }

  /**
   * Grants every waiter that can go (of precedence up to `upTo`), best first, then sets a timer for
   * when the next one might.
   */
  #pump(upTo = Infinity): void {
    const now = this.#now();
    this.#refillAll(now);
    for (;;) {
      // Nobody waiting (every call that found a token): nothing to sort or grant.
      const next = this.#queue.length === 0 ? null : this.#bestGrantable(now, upTo);
      if (!next) break;
      this.#queue = this.#queue.filter((w) => w !== next.waiter);
      this.#countWaiting(next.waiter, -1);
      next.waiter.signal?.removeEventListener('abort', next.waiter.onAbort);
      next.waiter.resolve(next.permit);
    }
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#source) this.#topUp();
    if (this.#queue.length === 0) return;
    this.#timer = setTimeout(() => this.#pump(), Math.max(1, Math.ceil(this.#msUntilChange(now))));
    this.#timer.unref?.();
  }

  /** Highest precedence first; among equals, the requester served least recently, then the oldest. */
  #bestGrantable(now: number, upTo: number): { waiter: Waiter; permit: BudgetPermit } | null {
    const ordered = this.#queue
      .filter((w) => w.precedence <= upTo)
      .sort((a, b) => a.precedence - b.precedence || this.#lastGrantOf(a) - this.#lastGrantOf(b) || a.seq - b.seq);
    for (const waiter of ordered) {
      const permit = this.#grant(waiter.claim, now);
      if (permit) return { waiter, permit };
    }
    return null;
  }

  #lastGrantOf(waiter: Waiter): number {
    return waiter.claim.requester === null ? 0 : (this.#requesters.get(waiter.claim.requester)?.lastGrant ?? 0);
  }

  /** Soonest a queued waiter might become grantable. */
  #msUntilChange(now: number): number {
    if (this.#paused(now)) {
      const untilResume = this.#pausedUntil - now;
      const untilProbe = this.#probeSince === null ? this.#nextProbeAt - now : this.#probeSince + this.#probeTimeoutMs - now;
      return Math.max(0, Math.min(untilResume, untilProbe));
    }
    const globalPerMs = this.#refillPerMs * this.#rateFactor;
    let soonest = Infinity;
    for (const waiter of this.#queue) {
      const unseen = waiter.claim.lane === 'unseen';
      const share = waiter.claim.requester === null ? undefined : this.#requesters.get(waiter.claim.requester);
      const needed = 1 + this.#headroomOf(waiter.claim.lane);
      const waits = [this.#tokens >= needed ? 0 : (needed - this.#tokens) / globalPerMs];
      if (share) waits.push(share.bucket.msUntil(1));
      if (unseen) waits.push(this.#unseen.msUntil(1), share ? share.unseen.msUntil(1) : 0);
      soonest = Math.min(soonest, Math.max(...waits));
    }
    return Number.isFinite(soonest) ? soonest : 1000;
  }
}

function clampShare(value: number): number {
  return Math.min(1, Math.max(0.01, value));
}

function fullClaim(claim: BudgetClaim): Required<BudgetClaim> {
  return { priority: claim.priority, lane: claim.lane ?? 'known', requester: claim.requester ?? null };
}

/** Lower goes first: actions, first views, refreshes, catch-up, lookups of unseen ids, back-fill. */
function precedenceOf(claim: Required<BudgetClaim>): number {
  if (claim.lane === 'catch_up') return CATCH_UP_PRECEDENCE;
  if (claim.lane === 'backfill') return BACKFILL_PRECEDENCE;
  return PRIORITY_RANK[claim.priority] + (claim.lane === 'unseen' ? 10 : 0);
}

function useOf(claim: Required<BudgetClaim>): BudgetUse {
  if (claim.lane !== 'known') return claim.lane;
  return claim.priority === 'action' ? 'action' : claim.priority === 'interactive' ? 'first_view' : 'refresh';
}
