import type { RunListItem, RunRow, RunView } from '@/contract/bff';
import { hasMorePages, type UpstreamJsonObject, type UpstreamTaskRun } from '@/contract/upstream';
import { isTerminal } from '@/contract/run-status';
import type { Logger } from '../logger';
import { InvalidCursorError, InvalidRunFilterError, type EventStore, type RunIndexFilter } from '../store/event-store';
import type { ObservationStore, RunObservation } from '../store/observation-store';
import { ReadCache, type CacheSource } from '../upstream/read-cache';
import { currentRequester } from '../upstream/requester-context';
import type { RequestPriority } from '../upstream/request-budget';
import { canonicalIncludes, type RunInclude } from '../upstream/run-include';
import { runListQueryString, type RunListFilters } from '../upstream/run-list-filters';
import type { UpstreamClient } from '../upstream/upstream-client';
import { UpstreamError } from '../upstream/upstream-error';
import { normalizeRun } from './normalize-run';
import { readTaskRun, UnreadableRunError } from './read-task-run';
import { RunRowMemory, snapshotOf } from './run-index-rows';
import { RunIndexSync, type RunIndexSyncTuning } from './run-index-sync';
import { toRunRow, toUnreadableRunRow } from './run-row';
import { ACTIVE_TTL_WITH_EVENTS_MS, reuseWindowMs, type ReuseWindows } from './reuse-window';
import { screenshotItemsOf, type ScreenshotList } from './screenshot-feed';

/**
 * Reads runs through the shared cache: V viewers of one run cost at most one upstream call per
 * reuse window, a failed refresh falls back to the last good copy, and every run actually fetched
 * is recorded in the observation store.
 *
 * Priority: a read with no earlier copy is someone opening a page (`interactive`); a refresh of a
 * copy we already hold is a page being polled (`background`); a fresh read before an action is
 * part of that action.
 *
 * With an event store, every run read also goes into the run index, and the runs list is served
 * from that index once it covers the retained window (see `listRuns`): no upstream list call per
 * viewer per poll. Events tell when a run changed (`forget`), so while the event intake is healthy
 * an active run's copy is kept until an event says it changed (see reuse-window.ts).
 *
 * Screenshots a working run gained since its copy was read come from the screenshot feed
 * (`noteScreenshots`) and are folded into every copy read with `artifacts`, so the run page and the
 * image route know them without re-reading the run.
 */

export interface RunRecord {
  /** The run as read: every readable part, unreadable items left out (named in the view's sectionProblems). */
  raw: UpstreamTaskRun;
  /** The upstream's JSON exactly as sent (for the raw view; never sent on unredacted). */
  wire: UpstreamJsonObject;
  view: RunView;
  upstreamRequestId: string | null;
}

export interface RunListRecord {
  /** One row per upstream item; an item that could not be read is an unreadable row. */
  runs: RunListItem[];
  hasMore: boolean;
  nextCursor: string | null;
  upstreamRequestId: string | null;
  /** Matching runs by status; only for a list served from the run index. */
  counts?: Record<string, number>;
}

export interface Read<T> {
  value: T;
  fetchedAt: number;
  source: CacheSource;
  staleBecause?: unknown;
}

export interface RunReaderTuning extends RunIndexSyncTuning {
  /** Reuse window for runs that can still change. */
  activeTtlMs?: number;
  /** Cap on the reuse window of runs that can still change while the event intake is healthy (events end it sooner). */
  activeTtlWithEventsMs?: number;
  /** Reuse window for finished runs (they never change; only their signed links age). */
  terminalTtlMs?: number;
  listTtlMs?: number;
  failureTtlMs?: number;
  maxEntries?: number;
}

export interface RunReaderOptions extends RunReaderTuning {
  upstream: UpstreamClient;
  store: ObservationStore;
  log: Logger;
  /** The run index and status history from upstream events; without it every list is read from the upstream. */
  events?: EventStore;
  /**
   * How the event intake is doing; absent when no events are followed (RUNWATCH_EVENTS=off): the
   * index then only gets what reads bring, so lists keep coming from the upstream.
   */
  eventFeed?: () => EventFeedHealth;
  now?: () => number;
}

export interface EventFeedHealth {
  /** Catch-up passes succeed in time (or webhooks arrive): a change of a run reaches the index within seconds. */
  healthy: boolean;
  /** Every event before this instant (epoch ms) is in the store; null before the first complete pass. */
  currentAsOf: number | null;
}

/** Runs whose newest screenshot list is kept for folding into their copies (galleries open at once). */
const MAX_NOTED_SCREENSHOT_LISTS = 1_000;
/** Index cursors are told from the upstream's by this prefix, so a page never goes to the wrong source. */
const INDEX_CURSOR_PREFIX = 'ix.';
/** The upstream's default page size, kept for lists served from the index. */
const DEFAULT_LIST_LIMIT = 20;

/** Stale copies are fine for outages, never for "this run does not exist" or a refused request. */
function canServeStale(error: unknown): boolean {
  return error instanceof UpstreamError && error.kind !== 'not_found' && error.kind !== 'rejected';
}

/** What the observation store keeps of a run; an unrecognised status (null) is kept too, with its spelling. */
export function observationOf(view: RunView): RunObservation {
  return {
    runId: view.id,
    status: view.status,
    upstreamStatus: view.upstreamStatus,
    upstreamUpdatedAt: view.updatedAt,
    runtimeMs: view.runtimeMs,
    result: view.result,
    // An error item without a code has no code to list; it still shows on the run page.
    errorCodes: view.errors.flatMap((e) => (e.code ? [e.code] : [])),
  };
}

export class RunReader {
  readonly #upstream: UpstreamClient;
  readonly #store: ObservationStore;
  readonly #runs: ReadCache<RunRecord>;
  readonly #lists: ReadCache<RunListRecord>;
  readonly #events: EventStore | null;
  readonly #eventFeed: () => EventFeedHealth;
  readonly #indexSync: RunIndexSync | null;
  readonly #rows = new RunRowMemory();
  readonly #now: () => number;
  readonly #log: Logger;
  /** Set once the event back-fill is known done (it never becomes undone). */
  #eventBackfillDone = false;
  /** Whether the event feed was healthy at the last read: copies kept on its word end when it fails. */
  #feedWasHealthy = false;
  /** The newest screenshot list the screenshot feed read, per run (bounded). */
  readonly #newerShots = new Map<string, unknown[]>();
  /** Copies with newer screenshots folded in, per cached copy, so each is rebuilt once per list. */
  readonly #withShots = new WeakMap<RunRecord, { items: unknown[]; record: RunRecord }>();

  constructor(options: RunReaderOptions) {
    this.#upstream = options.upstream;
    this.#store = options.store;
    this.#events = options.events ?? null;
    this.#eventFeed = options.eventFeed ?? (() => ({ healthy: false, currentAsOf: null }));
    this.#now = options.now ?? Date.now;
    this.#log = options.log.child({ component: 'run-reader' });
    this.#indexSync =
      options.events && options.eventFeed
        ? new RunIndexSync({ upstream: options.upstream, events: options.events, log: options.log, now: this.#now, ...pickSyncTuning(options) })
        : null;
    const activeMs = options.activeTtlMs ?? 1000;
    const windows: ReuseWindows = {
      activeMs,
      withEventsMs: Math.max(activeMs, options.activeTtlWithEventsMs ?? ACTIVE_TTL_WITH_EVENTS_MS),
      terminalMs: options.terminalTtlMs ?? 60_000,
    };
    this.#runs = new ReadCache<RunRecord>({
      name: 'runs',
      ttlMs: (record) => reuseWindowMs(record.view.status, this.#eventsTellChanges(), windows),
      failureTtlMs: options.failureTtlMs ?? 1000,
      maxEntries: options.maxEntries ?? 5000,
      canServeStale,
    });
    this.#lists = new ReadCache<RunListRecord>({
      name: 'run_lists',
      ttlMs: () => options.listTtlMs ?? 1000,
      failureTtlMs: options.failureTtlMs ?? 1000,
      maxEntries: 500,
      canServeStale,
    });
  }

  /** `fresh` skips the reuse window: the caller is about to act on what it reads. */
  async readRun(runId: string, include: readonly RunInclude[], options: { fresh?: boolean } = {}): Promise<Read<RunRecord>> {
    // Taken before the first await, which ends the caller's requester context (requester-context.ts).
    const requester = currentRequester();
    const includes = canonicalIncludes(include);
    const key = runKey(runId, includes);
    this.#noticeFeedFailing();
    const read = await this.#runs.read(
      key,
      ({ refresh }) => this.#fetchRun(runId, includes, key, { priority: options.fresh ? 'action' : refresh ? 'background' : 'interactive', requester }),
      { bypass: options.fresh },
    );
    return this.#asServed(read, includes);
  }

  /**
   * `readRun` when a copy within its window is held (no upstream call, so no requester or
   * priority to set up first); null when a read would have to fetch.
   */
  peekRun(runId: string, include: readonly RunInclude[]): Read<RunRecord> | null {
    const includes = canonicalIncludes(include);
    this.#noticeFeedFailing();
    const read = this.#runs.peek(runKey(runId, includes));
    return read ? this.#asServed(read, includes) : null;
  }

  #asServed(read: Read<RunRecord>, includes: RunInclude[]): Read<RunRecord> {
    const current = this.#confirmedByEvents(read);
    return includes.includes('artifacts') ? this.#withNewerShots(current, includes) : current;
  }

  /**
   * A copy's window is set when it is read; one kept until an event (the feed was healthy) must not
   * outlive the feed. When the feed stops being healthy, every copy's window ends (the copies stay
   * as the fallback), and the next reads fall back to the short windows.
   */
  #noticeFeedFailing(): void {
    const healthy = this.#eventsTellChanges();
    if (this.#feedWasHealthy && !healthy) this.#runs.invalidate(() => true);
    this.#feedWasHealthy = healthy;
  }

  /**
   * A copy kept while the event feed is healthy is known current up to the feed's last pass (an
   * event for the run would have ended it), so it says that rather than when it was read: a run
   * page should not call an unchanged run minutes old.
   */
  #confirmedByEvents(read: Read<RunRecord>): Read<RunRecord> {
    if (read.source !== 'hit' || !this.#events) return read;
    const status = read.value.view.status;
    if (status !== null && isTerminal(status)) return read;
    const feed = this.#eventFeed();
    if (!feed.healthy || feed.currentAsOf === null) return read;
    const confirmedAt = Math.min(this.#now(), feed.currentAsOf);
    return confirmedAt > read.fetchedAt ? { ...read, fetchedAt: confirmedAt } : read;
  }

  /** Takes in a screenshot list the screenshot feed read: copies of the run with fewer screenshots show these. */
  noteScreenshots(list: ScreenshotList): void {
    this.#newerShots.delete(list.runId);
    this.#newerShots.set(list.runId, list.items);
    if (this.#newerShots.size > MAX_NOTED_SCREENSHOT_LISTS) this.#newerShots.delete(this.#newerShots.keys().next().value as string);
  }

  #withNewerShots(read: Read<RunRecord>, includes: RunInclude[]): Read<RunRecord> {
    const items = this.#newerShots.get(read.value.view.id);
    if (!items || items.length <= screenshotItemsOf(read.value.wire).length) return read;
    const memo = this.#withShots.get(read.value);
    if (memo?.items === items) return { ...read, value: memo.record };
    const original = read.value.wire;
    const artifacts = typeof original.artifacts === 'object' && original.artifacts !== null ? original.artifacts : {};
    const wire: UpstreamJsonObject = { ...original, artifacts: { ...artifacts, screenshots: items } };
    try {
      const taskRun = readTaskRun(wire);
      const record: RunRecord = { raw: taskRun.run, wire, view: normalizeRun(taskRun, new Set(includes)), upstreamRequestId: read.value.upstreamRequestId };
      this.#withShots.set(read.value, { items, record });
      return { ...read, value: record };
    } catch (error) {
      if (error instanceof UnreadableRunError) return read;
      throw error;
    }
  }

  /**
   * The runs list: from the run index when there is one and it covers the retained window (the
   * event back-fill is done, or this process's back-fill from the upstream list is), else from the
   * upstream list (which also fills the index). A filter the index cannot apply (several sources,
   * a workflow) and a cursor the upstream issued go to the upstream.
   */
  async listRuns(filters: RunListFilters): Promise<Read<RunListRecord>> {
    const requester = currentRequester();
    if (this.#indexSync && !this.#indexSync.started) this.#indexSync.start({ backfill: !(await this.#eventBackfillIsDone()) });
    const indexFilter = await this.#indexCanServe(filters);
    const errorFilter = filters.error_code?.length ? 'error_code' : filters.error_group?.length ? 'error_group' : null;
    if (errorFilter && !indexFilter)
      throw new InvalidRunFilterError(errorFilter, 'errors are filtered in the run index alone (one source, no workflow, upstream events on)');
    if (indexFilter) {
      try {
        return await this.#listFromIndex(indexFilter, filters);
      } catch (error) {
        // A bad cursor or filter is the caller's; an index cursor means nothing to the upstream.
        if (error instanceof InvalidCursorError || error instanceof InvalidRunFilterError || filters.cursor !== undefined || errorFilter) throw error;
        this.#log.warn('the run index could not serve the list; reading the upstream list instead', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return this.#listFromUpstream(filters, requester);
  }

  /** Stops background upkeep of the run index (shutdown). */
  stop(): void {
    this.#indexSync?.stop();
  }

  async #indexCanServe(filters: RunListFilters): Promise<RunIndexFilter | null> {
    if (!this.#events || !this.#indexSync) return null;
    if (filters.cursor !== undefined && !filters.cursor.startsWith(INDEX_CURSOR_PREFIX)) return null;
    const filter = indexFilterOf(filters);
    if (!filter) return null;
    // Only the index knows errors: an error filter is served from it even while it fills.
    if (filters.cursor !== undefined || filter.errorCodes || filter.errorGroups) return filter;
    return (await this.#indexCovers()) ? filter : null;
  }

  async #indexCovers(): Promise<boolean> {
    return this.#indexSync?.backfillDone === true || (await this.#eventBackfillIsDone());
  }

  async #eventBackfillIsDone(): Promise<boolean> {
    if (this.#eventBackfillDone || !this.#events) return this.#eventBackfillDone;
    const state = await this.#events.getCatchUpState();
    this.#eventBackfillDone = state.backfill.state === 'done';
    return this.#eventBackfillDone;
  }

  async #listFromIndex(filter: RunIndexFilter, filters: RunListFilters): Promise<Read<RunListRecord>> {
    const events = this.#events!;
    const cursor = filters.cursor === undefined ? null : filters.cursor.slice(INDEX_CURSOR_PREFIX.length);
    const [page, counts] = await Promise.all([events.listRuns(filter, { limit: filters.limit ?? DEFAULT_LIST_LIMIT, cursor }), events.countByStatus(filter)]);
    const feed = this.#eventFeed();
    const now = this.#now();
    const record: RunListRecord = {
      runs: page.runs.map((snapshot) => this.#rows.rowFor(snapshot)),
      hasMore: page.nextCursor !== null,
      nextCursor: page.nextCursor === null ? null : INDEX_CURSOR_PREFIX + page.nextCursor,
      upstreamRequestId: null,
      counts,
    };
    // The index is as current as the event intake; when the intake fails, the list says it is stale.
    if (feed.healthy) return { value: record, fetchedAt: Math.min(now, feed.currentAsOf ?? now), source: 'hit' };
    return {
      value: record,
      fetchedAt: Math.min(now, feed.currentAsOf ?? now),
      source: 'stale',
      staleBecause: new UpstreamError('network', 'the upstream event log is not being read'),
    };
  }

  #listFromUpstream(filters: RunListFilters, requester: string | null): Promise<Read<RunListRecord>> {
    return this.#lists.read(runListQueryString(filters), async ({ refresh }) => {
      const reply = await this.#upstream.listRuns(filters, { priority: refresh ? 'background' : 'interactive', requester });
      const runs = reply.data.data.map((item): RunListItem => {
        try {
          const view = normalizeRun(readTaskRun(item, { summary: true }));
          const row = toRunRow(view);
          this.#record(view, view.upstreamRequestId, row);
          return row;
        } catch (error) {
          if (error instanceof UnreadableRunError) return toUnreadableRunRow(error);
          throw error;
        }
      });
      return {
        runs,
        hasMore: hasMorePages(reply.data),
        nextCursor: reply.data.next_cursor ?? null,
        upstreamRequestId: reply.upstreamRequestId,
      };
    });
  }

  /**
   * Takes in what an accepted action (interaction, cancel) answered and ends the reuse window of the
   * run's copies. Returns the run when the body is this run and readable; null for any other 2xx
   * body (202/204 empty, not a run), after which the caller re-reads the run.
   */
  acceptActionResult(runId: string, body: unknown, upstreamRequestId: string | null): RunView | null {
    this.forget(runId);
    if (body === undefined || body === null) return null;
    try {
      const view = normalizeRun(readTaskRun(body));
      if (view.id !== runId) return null;
      this.#record(view, upstreamRequestId);
      return view;
    } catch (error) {
      if (error instanceof UnreadableRunError) return null;
      throw error;
    }
  }

  /** Ends the reuse window of every cached copy of a run; the last good copies stay as fallback. */
  forget(runId: string): void {
    this.forgetMany([runId]);
  }

  /** `forget` for a batch (the runs one ingest changed): one pass over the run copies, the lists ended once. */
  forgetMany(runIds: Iterable<string>): void {
    const changed = new Set(runIds);
    if (changed.size === 0) return;
    // Run copies are keyed `<runId>?<includes>`.
    this.#runs.invalidate((key) => changed.has(key.slice(0, key.indexOf('?'))));
    // Lists show statuses too; the next list poll should not show the pre-action state.
    this.#lists.invalidate(() => true);
  }

  /** Records the request id of a failed call for a run, so support can still find the run by it. */
  noteFailure(runId: string, error: unknown): void {
    if (error instanceof UpstreamError && error.upstreamRequestId) this.#store.recordRequestId(error.upstreamRequestId, runId);
  }

  /** `key`: the copy this read is about to become. */
  async #fetchRun(runId: string, includes: RunInclude[], key: string, claim: { priority: RequestPriority; requester: string | null }): Promise<RunRecord> {
    try {
      const reply = await this.#upstream.getRun(runId, includes, claim);
      if (reply.data.id !== runId) {
        throw new UpstreamError('bad_response', 'the upstream answered with a different run', {
          upstreamRequestId: reply.upstreamRequestId,
        });
      }
      let read;
      try {
        read = readTaskRun(reply.data);
      } catch (error) {
        if (!(error instanceof UnreadableRunError)) throw error;
        throw new UpstreamError('bad_response', error.problem, { upstreamRequestId: reply.upstreamRequestId });
      }
      const view = normalizeRun(read, new Set(includes));
      this.#record(view, reply.upstreamRequestId, undefined, key);
      return { raw: read.run, wire: reply.data, view, upstreamRequestId: reply.upstreamRequestId };
    } catch (error) {
      this.noteFailure(runId, error);
      throw error;
    }
  }

  /** `row`: the list row already built from this read, if any; `readKey`: the copy this read is about to become. */
  #record(view: RunView, upstreamRequestId: string | null, row?: RunRow, readKey?: string): void {
    this.#store.recordRun(observationOf(view), upstreamRequestId);
    if (!this.#events) return;
    // The index is never behind what a viewer saw, and its list rows show what the read told.
    if (row) this.#rows.remember(row);
    else this.#rows.rememberRead(view);
    this.#events
      .upsertRuns([snapshotOf(view)])
      .then((changed) => {
        // This read moved the index on, so the event that tells the same change will find nothing
        // new and end no window: the run's other copies (other includes, lists) must end theirs now.
        if (changed.includes(view.id)) this.#forgetOtherCopies(view.id, readKey);
      })
      .catch((error: unknown) => {
        this.#log.warn('could not update the run index from a read', { error: error instanceof Error ? error.message : String(error) });
      });
  }

  #forgetOtherCopies(runId: string, keep: string | undefined): void {
    this.#runs.invalidate((key) => key !== keep && key.slice(0, key.indexOf('?')) === runId);
    this.#lists.invalidate(() => true);
  }

  #eventsTellChanges(): boolean {
    return this.#events !== null && this.#eventFeed().healthy;
  }
}

/** The index's filter for a list query; null when the index cannot apply one of its filters. */
function indexFilterOf(filters: RunListFilters): RunIndexFilter | null {
  if (filters.workflow_id !== undefined || (filters.source_id?.length ?? 0) > 1) return null;
  const filter: RunIndexFilter = {};
  if (filters.status?.length) filter.statuses = filters.status;
  if (filters.outcome?.length) filter.outcomes = filters.outcome;
  if (filters.source_id?.length === 1) filter.sourceId = filters.source_id[0];
  if (filters.task_id !== undefined) filter.taskId = filters.task_id;
  if (filters.agent_id !== undefined) filter.agentId = filters.agent_id;
  if (filters.credential_id !== undefined) filter.credentialId = filters.credential_id;
  if (filters.created_after !== undefined) filter.createdAfter = filters.created_after;
  if (filters.created_before !== undefined) filter.createdBefore = filters.created_before;
  if (filters.error_code?.length) filter.errorCodes = filters.error_code;
  if (filters.error_group?.length) filter.errorGroups = filters.error_group;
  return filter;
}

function pickSyncTuning(tuning: RunIndexSyncTuning): RunIndexSyncTuning {
  const picked: RunIndexSyncTuning = {};
  if (tuning.backfillMaxPages !== undefined) picked.backfillMaxPages = tuning.backfillMaxPages;
  if (tuning.reconcileIntervalMs !== undefined) picked.reconcileIntervalMs = tuning.reconcileIntervalMs;
  if (tuning.retryDelayMs !== undefined) picked.retryDelayMs = tuning.retryDelayMs;
  return picked;
}

function runKey(runId: string, includes: RunInclude[]): string {
  return `${runId}?${includes.join(',')}`;
}
