import type { UpstreamTaskRun } from '@/contract/upstream';
import { hasMorePages } from '@/contract/upstream';
import type { Logger } from '../logger';
import type { EventStore, RunIndexSnapshot } from '../store/event-store';
import type { UpstreamClient } from '../upstream/upstream-client';
import { normalizeRun } from './normalize-run';
import { readTaskRun, UnreadableRunError } from './read-task-run';
import { snapshotOf } from './run-index-rows';

/**
 * Keeps the run index whole where the events alone may not (yet): on the first list view after a
 * start it pages the upstream's `/task-runs` over the retained window into the index (bounded,
 * background priority, one page at a time), and afterwards reads the first page every few
 * minutes to reconcile. Events keep the index current between those; this costs a small constant
 * whatever the number of viewers.
 */

/** The window the upstream keeps events for; runs older than that have no events to miss. */
export const RUN_BACKFILL_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
const PAGE_LIMIT = 100;

export interface RunIndexSyncTuning {
  /** Most `/task-runs` pages one back-fill reads (100 runs each). */
  backfillMaxPages?: number;
  /** Time between two reconcile reads of the first page. */
  reconcileIntervalMs?: number;
  /** Wait after a failed upstream read before the next try (doubles up to 32×). */
  retryDelayMs?: number;
}

export interface RunIndexSyncOptions extends RunIndexSyncTuning {
  upstream: Pick<UpstreamClient, 'listRuns'>;
  events: EventStore;
  log: Logger;
  now?: () => number;
}

export class RunIndexSync {
  readonly #upstream: Pick<UpstreamClient, 'listRuns'>;
  readonly #events: EventStore;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #maxPages: number;
  readonly #reconcileMs: number;
  readonly #retryMs: number;
  #started = false;
  #stopped = false;
  #backfillDone = false;
  #timer: NodeJS.Timeout | null = null;
  #failures = 0;

  constructor(options: RunIndexSyncOptions) {
    this.#upstream = options.upstream;
    this.#events = options.events;
    this.#log = options.log.child({ component: 'run-index' });
    this.#now = options.now ?? Date.now;
    this.#maxPages = options.backfillMaxPages ?? 100;
    this.#reconcileMs = options.reconcileIntervalMs ?? 3 * 60_000;
    this.#retryMs = options.retryDelayMs ?? 5_000;
  }

  /** Whether this process's back-fill from the upstream list has finished. */
  get backfillDone(): boolean {
    return this.#backfillDone;
  }

  get started(): boolean {
    return this.#started;
  }

  /**
   * Starts the back-fill, then the reconcile loop; later calls do nothing. Without `backfill` (the
   * event back-fill already covers the window, e.g. after a restart) only the reconcile loop runs.
   */
  start(options: { backfill: boolean }): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    if (options.backfill) {
      void this.#backfill();
      return;
    }
    this.#backfillDone = true;
    this.#log.info('run back-fill from the upstream list skipped: the event back-fill covers the window');
    this.#schedule(this.#reconcileMs, () => this.#reconcile());
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #backfill(): Promise<void> {
    const createdAfter = new Date(this.#now() - RUN_BACKFILL_WINDOW_MS).toISOString();
    let cursor: string | undefined;
    let runs = 0;
    try {
      for (let page = 0; page < this.#maxPages && !this.#stopped; page++) {
        const reply = await this.#upstream.listRuns({ created_after: createdAfter, limit: PAGE_LIMIT, cursor }, { priority: 'background' });
        if (this.#stopped) return;
        const snapshots = readableSnapshots(reply.data.data);
        await this.#events.upsertRuns(snapshots);
        runs += snapshots.length;
        cursor = reply.data.next_cursor ?? undefined;
        if (!hasMorePages(reply.data) || !cursor) break;
        if (page === this.#maxPages - 1) this.#log.info('run back-fill stopped at its page bound; events fill in the rest', { runs });
      }
      this.#backfillDone = true;
      this.#failures = 0;
      this.#log.info('run back-fill from the upstream list done', { runs });
      this.#schedule(this.#reconcileMs, () => this.#reconcile());
    } catch (error) {
      if (this.#stopped) return;
      this.#failures += 1;
      this.#log.warn('run back-fill could not read the upstream list; trying again later', { error: describe(error), failures: this.#failures });
      this.#schedule(this.#retryDelay(), () => this.#backfill());
    }
  }

  async #reconcile(): Promise<void> {
    try {
      const reply = await this.#upstream.listRuns({ limit: PAGE_LIMIT }, { priority: 'background' });
      if (this.#stopped) return;
      const changed = await this.#events.upsertRuns(readableSnapshots(reply.data.data));
      if (changed.length > 0) this.#log.debug('run index reconciled with the upstream list', { changed: changed.length });
      this.#failures = 0;
      this.#schedule(this.#reconcileMs, () => this.#reconcile());
    } catch (error) {
      if (this.#stopped) return;
      this.#failures += 1;
      this.#schedule(Math.max(this.#retryDelay(), this.#reconcileMs), () => this.#reconcile());
      this.#log.debug('run index reconcile failed', { error: describe(error) });
    }
  }

  #retryDelay(): number {
    return this.#retryMs * 2 ** Math.min(this.#failures - 1, 5);
  }

  #schedule(ms: number, task: () => Promise<void>): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void task(), ms);
    // Background upkeep never keeps the process alive on its own.
    this.#timer.unref();
  }
}

/** Index snapshots of the readable items of a list page; unreadable items are left to the list view. */
export function readableSnapshots(items: readonly UpstreamTaskRun[] | readonly unknown[]): RunIndexSnapshot[] {
  const snapshots: RunIndexSnapshot[] = [];
  for (const item of items) {
    try {
      snapshots.push(snapshotOf(normalizeRun(readTaskRun(item, { summary: true }))));
    } catch (error) {
      if (!(error instanceof UnreadableRunError)) throw error;
    }
  }
  return snapshots;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
