import type { RunScreenshot, SectionProblem } from '@/contract/bff';
import { hasMorePages, type UpstreamJsonObject } from '@/contract/upstream';
import type { Logger } from '../logger';
import { ReadCache } from '../upstream/read-cache';
import { currentRequester } from '../upstream/requester-context';
import type { UpstreamClient } from '../upstream/upstream-client';
import { UpstreamError } from '../upstream/upstream-error';
import { normalizeRun } from './normalize-run';
import { readTaskRun } from './read-task-run';
import type { Read } from './run-reader';

/**
 * Screenshot progress of working runs, read only while someone watches a gallery.
 *
 * A working run gains a screenshot every few seconds without any event, so its screenshots are
 * read apart from its status: one upstream read per run per window however many galleries poll
 * it. The window is `windowMs` while few runs are watched and widens as more are, so all of them
 * together cost about `readsPerMinute`; past a sixth of that in the last 10 s, a run that has a
 * list already keeps it a while longer (only a gallery's first read goes ahead), so the cost is a
 * constant, not a figure that grows with the runs watched.
 *
 * The read is `GET /task-runs/{id}/screenshots` (oldest first), continued from the page the list
 * ended on last time, so a long run costs one request per window rather than one per hundred
 * screenshots. An upstream without that endpoint (404/405 for a run that exists)
 * is read through the run with `include=artifacts` instead, and that is remembered for a while.
 *
 * Each new list is handed to `onList` (the run reader), so screenshot images and the run page's
 * own copy know screenshots newer than the run's cached read.
 */

export interface ScreenshotList {
  runId: string;
  /** The screenshot items as the upstream sent them, oldest first. */
  items: unknown[];
}

export interface ScreenshotFeedOptions {
  upstream: UpstreamClient;
  log: Logger;
  /** Told every list read, so other copies of the run can show the new screenshots. */
  onList?: (list: ScreenshotList) => void;
  /** One upstream read per run per this window, at least. */
  windowMs?: number;
  /** Most screenshot reads per minute over every watched run together (the window widens to keep to it). */
  readsPerMinute?: number;
  /** Widest window, however many runs are watched. */
  maxWindowMs?: number;
  /** How long an upstream without the screenshot list endpoint is read through the run instead. */
  fallbackForMs?: number;
  pageLimit?: number;
  /** Pages read in one go; a longer list carries on at the next read. */
  maxPagesPerRead?: number;
  now?: () => number;
}

/** Where a run's list was left: the items, and the cursor of the page the list ended on. */
interface ListTail {
  items: unknown[];
  /** Cursor that fetched the last page (null: the first page). */
  cursor: string | null;
  /** Position of that page's first item in `items`. */
  start: number;
}

export const SCREENSHOT_WINDOW_MS = 3_000;
export const SCREENSHOT_READS_PER_MINUTE = 120;
const MAX_WINDOW_MS = 60_000;
/** A run counts as watched while a gallery asked for it within this time. */
const WATCHED_FOR_MS = 30_000;
const FALLBACK_FOR_MS = 10 * 60_000;
const CAP_SPAN_MS = 10_000;
const MAX_TAILS = 1_000;

export class ScreenshotFeed {
  readonly #upstream: UpstreamClient;
  readonly #log: Logger;
  readonly #onList: (list: ScreenshotList) => void;
  readonly #cache: ReadCache<ScreenshotList>;
  readonly #tails = new Map<string, ListTail>();
  /** When a gallery last asked for each run (oldest first), to tell how many runs are watched. */
  readonly #askedAt = new Map<string, number>();
  /** Times of the upstream reads of the last `CAP_SPAN_MS`, oldest first. */
  readonly #readTimes: number[] = [];
  /** Most upstream reads in any `CAP_SPAN_MS` (a short span, so no burst can spend a minute's reads at once). */
  readonly #readsPerSpan: number;
  readonly #fallbackForMs: number;
  readonly #pageLimit: number;
  readonly #maxPages: number;
  readonly #now: () => number;
  /** Until when screenshots are read through the run (the upstream has no list endpoint). */
  #fallbackUntil = 0;

  constructor(options: ScreenshotFeedOptions) {
    this.#upstream = options.upstream;
    this.#log = options.log.child({ component: 'screenshot-feed' });
    this.#onList = options.onList ?? (() => {});
    this.#fallbackForMs = options.fallbackForMs ?? FALLBACK_FOR_MS;
    this.#pageLimit = options.pageLimit ?? 100;
    this.#maxPages = options.maxPagesPerRead ?? 20;
    this.#now = options.now ?? Date.now;
    const minWindowMs = options.windowMs ?? SCREENSHOT_WINDOW_MS;
    const readsPerMinute = options.readsPerMinute ?? SCREENSHOT_READS_PER_MINUTE;
    this.#readsPerSpan = Math.max(1, Math.ceil((readsPerMinute * CAP_SPAN_MS) / 60_000));
    const maxWindowMs = Math.max(minWindowMs, options.maxWindowMs ?? MAX_WINDOW_MS);
    const windowMs = () => Math.min(maxWindowMs, Math.max(minWindowMs, Math.ceil((this.watchedRuns * 60_000) / readsPerMinute)));
    this.#cache = new ReadCache<ScreenshotList>({
      name: 'screenshots',
      ttlMs: windowMs,
      failureTtlMs: minWindowMs,
      maxEntries: 2_000,
      canServeStale: (error) => error instanceof UpstreamError && error.kind !== 'not_found' && error.kind !== 'rejected',
      now: this.#now,
    });
  }

  /** The run's screenshots as of at most one window ago. */
  read(runId: string): Promise<Read<ScreenshotList>> {
    // The caller's requester, passed on: it does not outlive the first await (requester-context.ts).
    const requester = currentRequester();
    this.#askedAt.delete(runId);
    this.#askedAt.set(runId, this.#now());
    return this.#cache.read(runId, async () => {
      const list = await this.#fetch(runId, requester);
      this.#onList(list);
      return list;
    });
  }

  /** Runs some gallery asked for lately. */
  get watchedRuns(): number {
    const since = this.#now() - WATCHED_FOR_MS;
    for (const [runId, at] of this.#askedAt) {
      if (at >= since) break;
      this.#askedAt.delete(runId);
    }
    return this.#askedAt.size;
  }

  /** Whether screenshots are currently read through the run (the upstream lacks the list endpoint). */
  get readingThroughRun(): boolean {
    return this.#now() < this.#fallbackUntil;
  }

  async #fetch(runId: string, requester: string | null): Promise<ScreenshotList> {
    const held = this.#tails.get(runId);
    if (held && this.#recentReads() >= this.#readsPerSpan) return { runId, items: held.items };
    if (this.readingThroughRun) return this.#throughRun(runId, requester);
    try {
      return { runId, items: await this.#fromListEndpoint(runId, requester) };
    } catch (error) {
      if (!(error instanceof UpstreamError) || (error.httpStatus !== 404 && error.httpStatus !== 405)) throw error;
      // A run that does not exist fails here too (not_found), and is not taken for a missing endpoint.
      const list = await this.#throughRun(runId, requester);
      this.#fallbackUntil = this.#now() + this.#fallbackForMs;
      this.#log.info('the upstream has no screenshot list endpoint; reading screenshots through the run for a while', {
        httpStatus: error.httpStatus,
        forSeconds: Math.round(this.#fallbackForMs / 1000),
      });
      return list;
    }
  }

  async #fromListEndpoint(runId: string, requester: string | null): Promise<unknown[]> {
    const tail = this.#tails.get(runId);
    let items = tail ? tail.items.slice(0, tail.start) : [];
    let cursor = tail?.cursor ?? null;
    let start = tail?.start ?? 0;
    let restarted = false;
    for (let page = 0; page < this.#maxPages; page++) {
      let reply;
      try {
        this.#noteRead();
        reply = await this.#upstream.listRunScreenshots(runId, { cursor, limit: this.#pageLimit }, { priority: 'background', requester });
      } catch (error) {
        // A cursor kept from the last read may have expired (400): read the list again from its start.
        if (cursor !== null && !restarted && error instanceof UpstreamError && error.httpStatus === 400) {
          restarted = true;
          items = [];
          cursor = null;
          start = 0;
          page = -1;
          continue;
        }
        throw error;
      }
      const pageItems = reply.data.data;
      items = items.slice(0, start).concat(pageItems);
      const next = reply.data.next_cursor ?? null;
      // Stay on a page that is not full (or is the last): the next read asks it again for what is new.
      if (!hasMorePages(reply.data) || next === null || pageItems.length === 0) break;
      start = items.length;
      cursor = next;
    }
    this.#remember(runId, { items, cursor, start });
    return items;
  }

  async #throughRun(runId: string, requester: string | null): Promise<ScreenshotList> {
    this.#noteRead();
    const reply = await this.#upstream.getRun(runId, ['artifacts'], { priority: 'background', requester });
    const items = screenshotItemsOf(reply.data);
    // No list cursor: should the list endpoint come back, it is read from its start.
    this.#remember(runId, { items, cursor: null, start: 0 });
    return { runId, items };
  }

  #noteRead(): void {
    this.#readTimes.push(this.#now());
  }

  #recentReads(): number {
    const since = this.#now() - CAP_SPAN_MS;
    while (this.#readTimes.length > 0 && this.#readTimes[0]! < since) this.#readTimes.shift();
    return this.#readTimes.length;
  }

  #remember(runId: string, tail: ListTail): void {
    this.#tails.delete(runId);
    this.#tails.set(runId, tail);
    if (this.#tails.size > MAX_TAILS) this.#tails.delete(this.#tails.keys().next().value as string);
  }
}

/** The screenshot items of a run as sent: `artifacts.screenshots`, or the older top-level `screenshots`. */
export function screenshotItemsOf(wire: UpstreamJsonObject): unknown[] {
  const artifacts = wire.artifacts;
  if (typeof artifacts === 'object' && artifacts !== null && Array.isArray((artifacts as { screenshots?: unknown }).screenshots)) {
    return (artifacts as { screenshots: unknown[] }).screenshots;
  }
  return Array.isArray(wire.screenshots) ? wire.screenshots : [];
}

/** A timestamp for the stand-in run below; only its screenshots are used. */
const ANY_TIME = '1970-01-01T00:00:00Z';

/**
 * The screenshots as the run page shows them: read exactly as a run's `artifacts` section is (same
 * positions, same leniency, same problems), so the gallery and the image route agree on indices.
 */
export function screenshotViews(list: ScreenshotList): { screenshots: RunScreenshot[]; problems: SectionProblem[] } {
  const read = readTaskRun({ id: list.runId, status: 'running', created_at: ANY_TIME, updated_at: ANY_TIME, artifacts: { screenshots: list.items } });
  const view = normalizeRun(read, new Set(['artifacts']));
  return { screenshots: view.screenshots ?? [], problems: view.sectionProblems.filter((p) => p.section === 'screenshots') };
}
