import type { Logger } from '../logger';
import { metrics } from '../metrics/metrics';
import { canonicalInstant } from '../store/canonical-time';
import type { CatchUpState, EventStore, IngestedEvent } from '../store/event-store';
import { hasMorePages } from '@/contract/upstream';
import type { UpstreamClient, UpstreamEventListPage } from '../upstream/upstream-client';
import { UpstreamError } from '../upstream/upstream-error';
import { MAX_RATE_LIMIT_PAUSE_MS } from '../upstream/rate-limit-pause';
import type { EventIntake } from './event-intake';

/**
 * Follows the upstream event log (`GET /events`, newest first, 30 days kept) so Runwatch misses
 * nothing across restarts and outages, with or without webhooks.
 *
 * - Catch-up pass, every `intervalMs`: events after the watermark minus a 5 s overlap (events may
 *   show up in the log a little after their time), paged with `next_cursor` within the pass only
 *   (cursors are never stored). The pass's events are applied oldest first, a page (100) at a time,
 *   and the watermark is persisted after each: a restart re-reads at most the overlap, and the
 *   store's dedupe on event id makes the re-read harmless. A gap larger than the buffer (a long
 *   outage) is stored as it is read and the watermark moves once the pass reached it.
 * - Back-fill, on the first start: the watermark is set at the newest event, then the log is walked
 *   backwards to now − 30 days, between catch-up passes. After each page the oldest time reached is
 *   persisted, so a restart resumes there (with the overlap) — nothing lost, nothing counted twice.
 *   Progress goes to the log every 5,000 events (and its end, when it took that many) and to the
 *   status endpoint.
 * - Upstream failures back off exponentially (up to 5 minutes; after a 429 at most the budget's pause
 *   bound, MAX_RATE_LIMIT_PAUSE_MS, whatever Retry-After asks); a budget refusal waits what the
 *   budget says. `stop()` ends the loop between calls without waiting for one in flight.
 */

export const EVENT_TYPES_FOLLOWED = ['task_run.*'] as const;
export const EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const OVERLAP_MS = 5_000;
const PAGE_LIMIT = 100;

export interface CatchUpReaderOptions {
  upstream: Pick<UpstreamClient, 'listEvents'>;
  store: EventStore;
  intake: EventIntake;
  log: Logger;
  intervalMs: number;
  now?: () => number;
  /** Events one pass holds before it stores them as read (see "a gap larger than the buffer"). */
  maxBufferedEvents?: number;
  /** Back-fill pages between two catch-up passes. */
  backfillPagesPerSlice?: number;
  /** Back-fill progress is logged each time this many more events were stored. */
  progressLogEvery?: number;
  maxBackoffMs?: number;
  /**
   * Called after each back-fill page is stored; the reader goes on once what it returns settles
   * (`stop()` ends the wait). Lets a test stop the reader after an exact number of pages.
   */
  onBackfillPage?: (backfill: CatchUpState['backfill']) => void | Promise<void>;
}

export interface CatchUpStatus {
  running: boolean;
  /** Start of the last complete catch-up pass: every event before it is in the store. */
  lastPassAt: string | null;
  watermark: string | null;
  /** Upstream failures in a row; 0 when the last call worked. */
  failures: number;
  lastError: string | null;
  backfill: CatchUpState['backfill'];
}

/** A back-fill walk under way in this process: its cursor is valid only with the same filters. */
interface BackfillWalk {
  createdAfter: string;
  createdBefore: string | undefined;
  cursor: string | null;
}

class Stopped extends Error {}

export class CatchUpReader {
  readonly #upstream: Pick<UpstreamClient, 'listEvents'>;
  readonly #store: EventStore;
  readonly #intake: EventIntake;
  readonly #log: Logger;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #maxBuffered: number;
  readonly #pagesPerSlice: number;
  readonly #progressEvery: number;
  readonly #maxBackoffMs: number;
  readonly #onBackfillPage: CatchUpReaderOptions['onBackfillPage'];
  readonly #abort = new AbortController();
  #state: CatchUpState | null = null;
  #loop: Promise<void> | null = null;
  #walk: BackfillWalk | null = null;
  #lastPassAt: string | null = null;
  #failures = 0;
  #lastError: string | null = null;
  #lastFailureLogAt = 0;

  constructor(options: CatchUpReaderOptions) {
    this.#upstream = options.upstream;
    this.#store = options.store;
    this.#intake = options.intake;
    this.#log = options.log.child({ component: 'catch-up' });
    this.#intervalMs = options.intervalMs;
    this.#now = options.now ?? Date.now;
    this.#maxBuffered = options.maxBufferedEvents ?? 5_000;
    this.#pagesPerSlice = options.backfillPagesPerSlice ?? 10;
    this.#progressEvery = options.progressLogEvery ?? 5_000;
    this.#maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    this.#onBackfillPage = options.onBackfillPage;
  }

  start(): void {
    if (this.#loop || this.#abort.signal.aborted) return;
    this.#loop = this.#run().catch((error: unknown) => {
      if (!(error instanceof Stopped)) this.#log.error('the event catch-up stopped unexpectedly', { error });
    });
  }

  /** Ends the loop; resolves once nothing more will be written to the store. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  status(): CatchUpStatus {
    const state = this.#state;
    return {
      running: this.#loop !== null && !this.#abort.signal.aborted,
      lastPassAt: this.#lastPassAt,
      watermark: state?.watermark ?? null,
      failures: this.#failures,
      lastError: this.#lastError,
      backfill: { ...(state?.backfill ?? { state: 'not_started', startedAt: null, finishedAt: null, oldestReached: null, eventsIngested: 0 }) },
    };
  }

  async #run(): Promise<void> {
    this.#state = await this.#store.getCatchUpState();
    while (!this.#abort.signal.aborted) {
      let delayMs = this.#intervalMs;
      try {
        if (this.#state.watermark === null || this.#state.backfill.state === 'not_started') {
          await this.#beginBackfill();
        } else {
          await this.#catchUpPass();
        }
        if (this.#state.backfill.state === 'running') {
          await this.#backfillSlice();
          // More to fill: go on soon, leaving room in the budget for everyone else.
          if (this.#state.backfill.state === 'running') delayMs = Math.min(this.#intervalMs, 250);
        }
        this.#recovered();
      } catch (error) {
        if (error instanceof Stopped || this.#abort.signal.aborted) return;
        delayMs = this.#failed(error);
      }
      await this.#sleep(delayMs);
    }
  }

  // ── catch-up ──────────────────────────────────────────────────────────────────────────────

  async #catchUpPass(): Promise<void> {
    const passStartedAt = new Date(this.#now()).toISOString();
    const watermark = this.#state!.watermark!;
    const createdAfter = new Date(Date.parse(watermark) - OVERLAP_MS).toISOString();
    let buffer: IngestedEvent[] = [];
    let newest: string | null = null;
    let overflowed = false;
    let cursor: string | null = null;
    for (;;) {
      const page = await this.#fetch({ createdAfter, cursor }, 'catch_up');
      const events = this.#intake.normalize(page.data);
      for (const event of events) if (newest === null || event.createdAt > newest) newest = event.createdAt;
      buffer.push(...events);
      cursor = page.next_cursor ?? null;
      if (!hasMorePages(page) || !cursor) break;
      if (buffer.length >= this.#maxBuffered) {
        // Newest first: what is held now is the newer part of the gap. Store it; the watermark moves
        // only once the walk reached it, so a restart in between reads the gap again (deduped).
        await this.#apply(buffer, 'catch_up', false);
        buffer = [];
        overflowed = true;
      }
    }
    await this.#apply(buffer, 'catch_up', true);
    if (overflowed && newest !== null) await this.#advanceWatermark(newest, []);
    this.#lastPassAt = passStartedAt;
  }

  /** Applies events oldest first, a page at a time; with `advance`, persists the watermark after each. */
  async #apply(events: IngestedEvent[], source: 'catch_up' | 'backfill', advance: boolean): Promise<number> {
    const state = this.#state!;
    const known = new Set(state.idsAtWatermark);
    const fresh = events
      .filter((event) => !(event.createdAt === state.watermark && known.has(event.id)))
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let inserted = 0;
    for (let start = 0; start < fresh.length; start += PAGE_LIMIT) {
      this.#throwIfStopped();
      const chunk = fresh.slice(start, start + PAGE_LIMIT);
      const result = await this.#intake.ingest(chunk, source);
      inserted += result.inserted;
      if (!advance) continue;
      const top = chunk[chunk.length - 1]!.createdAt;
      await this.#advanceWatermark(
        top,
        chunk.filter((event) => event.createdAt === top).map((event) => event.id),
      );
    }
    return inserted;
  }

  /** Moves the watermark forward (never back) and persists it. */
  async #advanceWatermark(at: string, idsAtTop: string[]): Promise<void> {
    const state = this.#state!;
    if (state.watermark !== null && at < state.watermark) return;
    const ids = state.watermark === at ? [...new Set([...state.idsAtWatermark, ...idsAtTop])] : idsAtTop;
    await this.#save({ ...state, watermark: at, idsAtWatermark: ids.slice(-1000) });
  }

  // ── back-fill ─────────────────────────────────────────────────────────────────────────────

  async #beginBackfill(): Promise<void> {
    const now = this.#now();
    const startedAt = new Date(now).toISOString();
    const createdAfter = new Date(now - EVENT_RETENTION_MS).toISOString();
    // Start and end of a small back-fill stay at debug: the console after start is for what matters.
    this.#log.debug('event back-fill started: reading the retained 30 days of upstream events', { from: createdAfter });
    const page = await this.#fetch({ createdAfter, cursor: null }, 'backfill');
    const events = this.#intake.normalize(page.data);
    const inserted = await this.#apply(events, 'backfill', false);
    const newest = events.reduce<string | null>((top, event) => (top === null || event.createdAt > top ? event.createdAt : top), null);
    const more = hasMorePages(page) && Boolean(page.next_cursor);
    const backfill: CatchUpState['backfill'] = {
      state: more ? 'running' : 'done',
      startedAt,
      finishedAt: more ? null : new Date(this.#now()).toISOString(),
      oldestReached: oldestOf(events, page) ?? null,
      eventsIngested: inserted,
    };
    // No event at all yet: follow the log from the start of the window.
    const watermark = newest ?? createdAfter;
    await this.#save({ watermark, idsAtWatermark: events.filter((e) => e.createdAt === newest).map((e) => e.id), backfill });
    this.#walk = more ? { createdAfter, createdBefore: undefined, cursor: page.next_cursor ?? null } : null;
    this.#lastPassAt = startedAt;
    if (!more) this.#logBackfillDone();
    await this.#backfillPageStored();
  }

  async #backfillSlice(): Promise<void> {
    for (let pages = 0; pages < this.#pagesPerSlice; pages++) {
      const state = this.#state!;
      if (state.backfill.state !== 'running') return;
      // After a restart the walk resumes from the oldest time reached, with the overlap.
      this.#walk ??= {
        createdAfter: new Date(Date.parse(state.backfill.startedAt ?? new Date(this.#now()).toISOString()) - EVENT_RETENTION_MS).toISOString(),
        createdBefore: state.backfill.oldestReached ? new Date(Date.parse(state.backfill.oldestReached) + OVERLAP_MS).toISOString() : undefined,
        cursor: null,
      };
      const walk = this.#walk;
      const page = await this.#fetch({ createdAfter: walk.createdAfter, createdBefore: walk.createdBefore, cursor: walk.cursor }, 'backfill');
      const events = this.#intake.normalize(page.data);
      const inserted = await this.#apply(events, 'backfill', false);
      const more = hasMorePages(page) && Boolean(page.next_cursor);
      const before = state.backfill;
      const oldest = oldestOf(events, page);
      const backfill: CatchUpState['backfill'] = {
        ...before,
        oldestReached: oldest !== null && (before.oldestReached === null || oldest < before.oldestReached) ? oldest : before.oldestReached,
        eventsIngested: before.eventsIngested + inserted,
        state: more ? 'running' : 'done',
        finishedAt: more ? null : new Date(this.#now()).toISOString(),
      };
      await this.#save({ ...this.#state!, backfill });
      this.#walk = more ? { ...walk, cursor: page.next_cursor ?? null } : null;
      await this.#backfillPageStored();
      if (Math.floor(backfill.eventsIngested / this.#progressEvery) > Math.floor(before.eventsIngested / this.#progressEvery)) {
        this.#log.info(`event back-fill: ${backfill.eventsIngested.toLocaleString('en-US')} events, reached ${backfill.oldestReached?.slice(0, 10) ?? 'now'}`, {
          events: backfill.eventsIngested,
          reached: backfill.oldestReached,
        });
      }
      if (!more) {
        this.#logBackfillDone();
        return;
      }
    }
  }

  async #backfillPageStored(): Promise<void> {
    if (!this.#onBackfillPage) return;
    await raceAbort(Promise.resolve(this.#onBackfillPage({ ...this.#state!.backfill })), this.#abort.signal);
  }

  #logBackfillDone(): void {
    const backfill = this.#state!.backfill;
    const level = backfill.eventsIngested >= this.#progressEvery ? 'info' : 'debug';
    this.#log[level](`event back-fill done: ${backfill.eventsIngested.toLocaleString('en-US')} events`, {
      events: backfill.eventsIngested,
      reached: backfill.oldestReached,
    });
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────

  async #fetch(
    query: { createdAfter: string; createdBefore?: string; cursor: string | null },
    purpose: 'catch_up' | 'backfill',
  ): Promise<UpstreamEventListPage> {
    this.#throwIfStopped();
    const call = this.#upstream.listEvents(
      { types: EVENT_TYPES_FOLLOWED, createdAfter: query.createdAfter, createdBefore: query.createdBefore, limit: PAGE_LIMIT, cursor: query.cursor },
      purpose,
    );
    // A call in flight at shutdown is left to finish on its own; nothing is written after stop().
    const reply = await raceAbort(call, this.#abort.signal);
    return reply.data;
  }

  async #save(state: CatchUpState): Promise<void> {
    this.#throwIfStopped();
    await this.#store.setCatchUpState(state);
    this.#state = state;
  }

  #recovered(): void {
    metrics.catchUpPass('ok');
    if (this.#failures > 0) this.#log.info('the event catch-up reaches the upstream again', { failures: this.#failures });
    this.#failures = 0;
    this.#lastError = null;
  }

  /** Notes a failure and returns how long to wait before the next try. */
  #failed(error: unknown): number {
    const upstreamError = error instanceof UpstreamError ? error : null;
    this.#lastError = upstreamError ? upstreamError.message : error instanceof Error ? error.message : String(error);
    metrics.catchUpPass(upstreamError?.kind === 'busy' ? 'busy' : 'failed');
    // Our own budget said "not now": not a failure of the upstream, just wait as long as it says.
    if (upstreamError?.kind === 'busy') return Math.max(1_000, (upstreamError.details.retryAfterSeconds ?? 1) * 1_000);
    this.#failures += 1;
    const now = this.#now();
    if (this.#failures === 1 || now - this.#lastFailureLogAt >= 60_000) {
      this.#lastFailureLogAt = now;
      this.#log.warn('the event catch-up could not read the upstream event log; retrying with backoff', {
        reason: this.#lastError,
        kind: upstreamError?.kind,
        status: upstreamError?.httpStatus,
        failures: this.#failures,
      });
    }
    return failureDelayMs({ error: upstreamError, failures: this.#failures, intervalMs: this.#intervalMs, maxBackoffMs: this.#maxBackoffMs });
  }

  #throwIfStopped(): void {
    if (this.#abort.signal.aborted) throw new Stopped('stopped');
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.#abort.signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      const signal = this.#abort.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/**
 * How long to wait after the `failures`-th upstream failure in a row: exponential backoff with
 * jitter (so several Runwatch instances do not retry in step), at least what `Retry-After` asks —
 * but after a 429 never longer than the request budget's pause bound, so the event log is read
 * again within it even when the upstream asks for minutes.
 */
export function failureDelayMs(options: {
  error: UpstreamError | null;
  failures: number;
  intervalMs: number;
  maxBackoffMs: number;
  random?: () => number;
}): number {
  const random = options.random ?? Math.random;
  const backoff = Math.min(options.maxBackoffMs, options.intervalMs * 2 ** Math.min(Math.max(options.failures, 1) - 1, 20));
  const retryAfterMs = (options.error?.details.retryAfterSeconds ?? 0) * 1_000;
  const delay = Math.max(retryAfterMs, Math.round(backoff * (0.5 + random() / 2)));
  return options.error?.kind === 'rate_limited' ? Math.min(MAX_RATE_LIMIT_PAUSE_MS, delay) : delay;
}

/** The oldest readable time on a page (normalised events first, then any raw `created_at`). */
function oldestOf(events: readonly IngestedEvent[], page: UpstreamEventListPage): string | null {
  let oldest: string | null = null;
  for (const event of events) if (oldest === null || event.createdAt < oldest) oldest = event.createdAt;
  if (oldest !== null) return oldest;
  for (const item of page.data) {
    const at = canonicalInstant((item as { created_at?: unknown } | null)?.created_at);
    if (at !== null && (oldest === null || at < oldest)) oldest = at;
  }
  return oldest;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Stopped('stopped'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Stopped('stopped'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
