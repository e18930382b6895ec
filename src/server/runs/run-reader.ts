import type { RunListItem, RunView } from '../../contract/bff';
import { isTerminal } from '../../contract/run-status';
import { hasMorePages, type UpstreamJsonObject, type UpstreamTaskRun } from '../../contract/upstream';
import type { Logger } from '../logger';
import type { ObservationStore, RunObservation } from '../store/observation-store';
import { ReadCache, type CacheSource } from '../upstream/read-cache';
import type { RequestPriority } from '../upstream/request-budget';
import { canonicalIncludes, type RunInclude } from '../upstream/run-include';
import { runListQueryString, type RunListFilters } from '../upstream/run-list-filters';
import type { UpstreamClient } from '../upstream/upstream-client';
import { UpstreamError } from '../upstream/upstream-error';
import { normalizeRun } from './normalize-run';
import { readTaskRun, UnreadableRunError } from './read-task-run';
import { toRunRow, toUnreadableRunRow } from './run-row';

/**
 * Reads runs through the shared cache: V viewers of one run cost at most one upstream call per
 * reuse window, a failed refresh falls back to the last good copy, and every run actually fetched
 * is recorded in the observation store.
 *
 * Priority: a read with no earlier copy is someone opening a page (`interactive`); a refresh of a
 * copy we already hold is a page being polled (`background`); a fresh read before an action is
 * part of that action.
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
}

export interface Read<T> {
  value: T;
  fetchedAt: number;
  source: CacheSource;
  staleBecause?: unknown;
}

export interface RunReaderTuning {
  /** Reuse window for runs that can still change. */
  activeTtlMs?: number;
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
}

/** Stale copies are fine for outages, never for "this run does not exist" or a refused request. */
function canServeStale(error: unknown): boolean {
  return error instanceof UpstreamError && error.kind !== 'not_found' && error.kind !== 'rejected';
}

/** What the observation store keeps of a run; null for a status it cannot place in a timeline. */
export function observationOf(view: RunView): RunObservation | null {
  if (view.status === null) return null;
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

  constructor(options: RunReaderOptions) {
    this.#upstream = options.upstream;
    this.#store = options.store;
    const activeTtlMs = options.activeTtlMs ?? 1000;
    const terminalTtlMs = options.terminalTtlMs ?? 60_000;
    this.#runs = new ReadCache<RunRecord>({
      ttlMs: (record) => (isTerminal(record.view.status) ? terminalTtlMs : activeTtlMs),
      failureTtlMs: options.failureTtlMs ?? 1000,
      maxEntries: options.maxEntries ?? 5000,
      canServeStale,
    });
    this.#lists = new ReadCache<RunListRecord>({
      ttlMs: () => options.listTtlMs ?? 1000,
      failureTtlMs: options.failureTtlMs ?? 1000,
      maxEntries: 500,
      canServeStale,
    });
  }

  /** `fresh` skips the reuse window: the caller is about to act on what it reads. */
  readRun(runId: string, include: readonly RunInclude[], options: { fresh?: boolean } = {}): Promise<Read<RunRecord>> {
    const includes = canonicalIncludes(include);
    const key = runKey(runId, includes);
    return this.#runs.read(
      key,
      ({ refresh }) => this.#fetchRun(runId, includes, options.fresh ? 'action' : refresh ? 'background' : 'interactive'),
      { bypass: options.fresh },
    );
  }

  listRuns(filters: RunListFilters): Promise<Read<RunListRecord>> {
    return this.#lists.read(runListQueryString(filters), async ({ refresh }) => {
      const reply = await this.#upstream.listRuns(filters, { priority: refresh ? 'background' : 'interactive' });
      const runs = reply.data.data.map((item): RunListItem => {
        try {
          const view = normalizeRun(readTaskRun(item, { summary: true }));
          this.#record(view, view.upstreamRequestId);
          return toRunRow(view);
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
    const prefix = `${runId}?`;
    this.#runs.invalidate((key) => key.startsWith(prefix));
    // Lists show statuses too; the next list poll should not show the pre-action state.
    this.#lists.invalidate(() => true);
  }

  /** Records the request id of a failed call for a run, so support can still find the run by it. */
  noteFailure(runId: string, error: unknown): void {
    if (error instanceof UpstreamError && error.upstreamRequestId) this.#store.recordRequestId(error.upstreamRequestId, runId);
  }

  async #fetchRun(runId: string, includes: RunInclude[], priority: RequestPriority): Promise<RunRecord> {
    try {
      const reply = await this.#upstream.getRun(runId, includes, { priority });
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
      this.#record(view, reply.upstreamRequestId);
      return { raw: read.run, wire: reply.data, view, upstreamRequestId: reply.upstreamRequestId };
    } catch (error) {
      this.noteFailure(runId, error);
      throw error;
    }
  }

  #record(view: RunView, upstreamRequestId: string | null): void {
    const observation = observationOf(view);
    if (observation) this.#store.recordRun(observation, upstreamRequestId);
    // A status the store cannot place still leaves its request id findable.
    else if (upstreamRequestId) this.#store.recordRequestId(upstreamRequestId, view.id);
  }
}

function runKey(runId: string, includes: RunInclude[]): string {
  return `${runId}?${includes.join(',')}`;
}
