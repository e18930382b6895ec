import type { Logger } from '../logger';
import type { EventStore } from '../store/event-store';
import type { UpstreamClient } from '../upstream/upstream-client';
import { UpstreamError } from '../upstream/upstream-error';
import { normalizeRun } from './normalize-run';
import { readTaskRun, UnreadableRunError } from './read-task-run';
import { snapshotOf } from './run-index-rows';

/**
 * Fills the errors of failed runs into the run index: the upstream's task-run events carry no
 * `errors`, so each failed run whose errors the index does not know is read once, in the budget's
 * back-fill lane (behind every other read), and its errors (type and code) stored. One read per failed run, whoever looks at the
 * failures; a run the read could not reach is tried again later, one the upstream no longer has or
 * sent unreadable is not.
 */

export interface FailureErrorBackfillOptions {
  upstream: Pick<UpstreamClient, 'getRun'>;
  events: EventStore;
  log: Logger;
  /** Time between two looks at the index for failed runs without errors. */
  intervalMs?: number;
  /** Most runs read in one pass. */
  batch?: number;
}

/** Runs given up on in this process (gone upstream, unreadable); bounded like other memories. */
const MAX_GIVEN_UP = 10_000;

export class FailureErrorBackfill {
  readonly #upstream: Pick<UpstreamClient, 'getRun'>;
  readonly #events: EventStore;
  readonly #log: Logger;
  readonly #intervalMs: number;
  readonly #batch: number;
  readonly #givenUp = new Set<string>();
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #fullBatch = false;
  #stopped = false;

  constructor(options: FailureErrorBackfillOptions) {
    this.#upstream = options.upstream;
    this.#events = options.events;
    this.#log = options.log.child({ component: 'failure-errors' });
    this.#intervalMs = options.intervalMs ?? 30_000;
    this.#batch = options.batch ?? 20;
  }

  start(): void {
    this.#schedule(0);
  }

  /** Looks soon (runs just changed, some may have failed); passes never overlap. */
  nudge(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#schedule(250);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** One pass; resolves when its reads are done (tests wait on it). */
  async runOnce(): Promise<number> {
    let filled = 0;
    const wanted = await this.#events.failedRunsWithoutErrors(this.#batch + this.#givenUp.size);
    for (const runId of wanted.filter((id) => !this.#givenUp.has(id)).slice(0, this.#batch)) {
      if (this.#stopped) break;
      const outcome = await this.#fill(runId);
      if (outcome === 'retry_later') break;
      if (outcome === 'filled') filled += 1;
    }
    return filled;
  }

  async #fill(runId: string): Promise<'filled' | 'given_up' | 'retry_later'> {
    try {
      const reply = await this.#upstream.getRun(runId, [], { priority: 'background', lane: 'backfill' });
      const view = normalizeRun(readTaskRun(reply.data));
      if (view.id !== runId) return this.#giveUp(runId, 'the upstream answered with another run');
      // This read saw the errors (or that there are none): the index stops asking about the run.
      const snapshot = { ...snapshotOf(view), errors: view.errors.map((error) => ({ type: error.type, code: error.code })) };
      await this.#events.upsertRuns([snapshot]);
      return 'filled';
    } catch (error) {
      if (error instanceof UnreadableRunError) return this.#giveUp(runId, error.problem);
      if (error instanceof UpstreamError && error.kind === 'not_found') return this.#giveUp(runId, 'not found upstream');
      this.#log.debug('could not read a failed run for its errors; trying again later', {
        runId,
        error: error instanceof Error ? error.message : String(error),
      });
      return 'retry_later';
    }
  }

  #giveUp(runId: string, reason: string): 'given_up' {
    if (this.#givenUp.size >= MAX_GIVEN_UP) this.#givenUp.delete(this.#givenUp.values().next().value as string);
    this.#givenUp.add(runId);
    this.#log.debug('errors of a failed run cannot be read', { runId, reason });
    return 'given_up';
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#running = this.runOnce()
        .then((filled) => {
          // A full batch means more are waiting (a first start after 30 days of events): go on soon.
          this.#fullBatch = filled >= this.#batch;
        })
        .catch((error: unknown) => {
          this.#log.warn('filling the errors of failed runs failed', { error: error instanceof Error ? error.message : String(error) });
        })
        .finally(() => {
          this.#running = null;
          const again = this.#again || this.#fullBatch;
          this.#again = false;
          this.#schedule(again ? 250 : this.#intervalMs);
        });
    }, ms);
    // Background upkeep never keeps the process alive on its own.
    this.#timer.unref();
  }
}
