import { createHash } from 'node:crypto';
import type { Logger } from '../logger';
import type { EventStore, RunIndexSnapshot } from '../store/event-store';
import type { AlertLedger } from './alert-ledger';
import { buildAlertBody, type AlertKind, type OutgoingAlert } from './alert-message';
import type { DeliveryOutcome } from './alert-sender';

/** The stuck rule: true when a waiting run has waited too long (src/server/runs/stuck-runs.ts owns it). */
export type StuckRule = (run: RunIndexSnapshot, now: Date) => boolean;

export interface AlertDispatcherOptions {
  events: EventStore;
  ledger: AlertLedger;
  deliver: (alert: OutgoingAlert) => Promise<DeliveryOutcome>;
  log: Logger;
  /** Without it there are no stuck alerts. */
  isStuck?: StuckRule;
  /** Where people open runs, for the link in an alert; null for none. */
  linkBase?: string | null;
  /** Time between two scans for stuck runs. */
  stuckScanIntervalMs?: number;
  /**
   * A change older than this is history (the first start's back-fill, a long outage's catch-up),
   * not news: it raises no alert.
   */
  maxChangeAgeMs?: number;
  /**
   * Deliveries under way at once (each mostly waiting between retries; the sender bounds the
   * requests actually in flight); the rest wait their turn.
   */
  concurrency?: number;
  now?: () => number;
}

/** Statuses a run can be stuck in. */
const WAITING_STATUSES = ['queued', 'interaction_required', 'review_required'];
/** Most waiting runs one stuck scan reads. */
const STUCK_SCAN_LIMIT = 5_000;
const STUCK_SCAN_PAGE = 500;

/**
 * Raises server-side alerts for when no tab is open: a run that needs a human, a failed run (both
 * as the event intake reports changed runs) and a stuck run (periodic scan). Each run + kind +
 * status change is alerted once (AlertLedger), and only from the run index summary, which holds no
 * input, output or answers.
 */
export class AlertDispatcher {
  readonly #options: AlertDispatcherOptions;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #queue: Array<{ key: string; alert: OutgoingAlert }> = [];
  readonly #running = new Set<Promise<void>>();
  readonly #checks = new Set<Promise<void>>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #stopped = false;

  constructor(options: AlertDispatcherOptions) {
    this.#options = options;
    this.#log = options.log.child({ component: 'alerts' });
    this.#now = options.now ?? Date.now;
  }

  /** Sends what a restart cut off and starts the stuck scan. */
  start(): void {
    for (const entry of this.#options.ledger.pending()) this.#enqueue(entry);
    this.#options.ledger.prune(new Date(this.#now()));
    if (this.#options.isStuck) {
      this.#timer = setInterval(() => this.#track(this.scanStuck()), this.#options.stuckScanIntervalMs ?? 60_000);
      this.#timer.unref();
    }
  }

  /** For the event intake's `onRunsChanged`. */
  runsChanged(runIds: readonly string[]): void {
    if (this.#stopped) return;
    this.#track(this.#checkChanged(runIds));
  }

  async scanStuck(): Promise<void> {
    const isStuck = this.#options.isStuck;
    if (!isStuck || this.#stopped) return;
    const now = new Date(this.#now());
    let cursor: string | null = null;
    let read = 0;
    do {
      const page = await this.#options.events.listRuns({ statuses: WAITING_STATUSES }, { limit: STUCK_SCAN_PAGE, cursor });
      for (const run of page.runs) {
        if (run.status !== null && WAITING_STATUSES.includes(run.status) && isStuck(run, now)) await this.#raise('stuck', run);
      }
      read += page.runs.length;
      cursor = page.nextCursor;
    } while (cursor && read < STUCK_SCAN_LIMIT && !this.#stopped);
  }

  /** Resolves once every check and delivery started so far has finished (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#checks.size > 0 || this.#running.size > 0 || this.#queue.length > 0) {
      await Promise.all([...this.#checks, ...this.#running]);
    }
  }

  /** Stops the scan and new alerts; what is being posted gets a moment to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#queue.length = 0;
    await Promise.all([...this.#checks, ...this.#running]);
  }

  async #checkChanged(runIds: readonly string[]): Promise<void> {
    const nowMs = this.#now();
    const maxAge = this.#options.maxChangeAgeMs ?? 15 * 60_000;
    for (const runId of runIds) {
      const run = await this.#options.events.getRun(runId);
      if (!run) continue;
      const kind: AlertKind | null = run.status === 'interaction_required' ? 'needs_human' : run.status === 'failed' ? 'failed' : null;
      if (!kind) continue;
      const changedAt = Date.parse(run.updatedAt);
      if (!Number.isFinite(changedAt) || nowMs - changedAt > maxAge) continue;
      await this.#raise(kind, run);
    }
  }

  async #raise(kind: AlertKind, run: RunIndexSnapshot): Promise<void> {
    const since = await this.#enteredStatusAt(run);
    // One alert per run + kind + entry into the status: a fresh prompt after a rejected code is news, a re-read is not.
    const key = `${kind}:${run.runId}:${since}`;
    const ledger = this.#options.ledger;
    if (ledger.has(key)) return;
    const id = `alrt_${createHash('sha256').update(key).digest('base64url').slice(0, 24)}`;
    const alert: OutgoingAlert = {
      id,
      kind,
      runId: run.runId,
      body: buildAlertBody({ id, kind, run, since, linkBase: this.#options.linkBase ?? null }),
    };
    if (!ledger.claim(key, alert, new Date(this.#now()))) return;
    this.#enqueue({ key, alert });
  }

  /** When the run entered its present status, from its status history; its updated_at when there is none. */
  async #enteredStatusAt(run: RunIndexSnapshot): Promise<string> {
    const history = await this.#options.events.statusHistory(run.runId);
    let since: string | null = null;
    for (let index = history.length - 1; index >= 0; index -= 1) {
      const entry = history[index]!;
      if (entry.upstreamStatus !== run.upstreamStatus) break;
      since = entry.at;
    }
    return since ?? run.updatedAt;
  }

  #enqueue(entry: { key: string; alert: OutgoingAlert }): void {
    this.#queue.push(entry);
    this.#pump();
  }

  #pump(): void {
    const limit = this.#options.concurrency ?? 256;
    while (!this.#stopped && this.#running.size < limit && this.#queue.length > 0) {
      const { key, alert } = this.#queue.shift()!;
      const delivery: Promise<void> = this.#options
        .deliver(alert)
        .then((outcome) => {
          // Cut off by a shutdown: left pending, so the next start sends it again.
          if (outcome === 'failed' && this.#stopped) return;
          this.#options.ledger.settle(key, outcome === 'delivered' ? 'sent' : 'failed', new Date(this.#now()));
        })
        .catch((error: unknown) => this.#log.warn('an alert could not be recorded', { alertId: alert.id, error }))
        .finally(() => {
          this.#running.delete(delivery);
          this.#pump();
        });
      this.#running.add(delivery);
    }
  }

  #track(check: Promise<void>): void {
    const tracked: Promise<void> = check
      .catch((error: unknown) => this.#log.warn('checking runs for alerts failed', { error }))
      .finally(() => this.#checks.delete(tracked));
    this.#checks.add(tracked);
  }
}
