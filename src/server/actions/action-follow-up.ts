import type { RunView } from '@/contract/bff';
import type { AuditSink } from '../audit/audit-entry';
import type { Logger } from '../logger';
import { settlementOf, type PendingAction } from './action-settlement';

/**
 * Keeps watching a run after an accepted action until the run shows how the action ended, then
 * settles its audit entry (an answer the website rejected, a cancel that took effect). Every run
 * the action routes read is offered to `observe`; besides, each watched run is read through the
 * shared cache now and then (so a run someone has open costs nothing extra), for at most `maxWatchMs`.
 */

export interface ActionFollowUpOptions {
  /**
   * The run as it stands; null when the upstream cannot tell now (tried again later). Reads go
   * through the shared cache. Throwing ends the watch of that run.
   */
  readRun: (runId: string) => Promise<RunView | null>;
  audit: AuditSink;
  log: Logger;
  /** Between reads of a watched run during its first minutes. */
  intervalMs?: number;
  /** Between reads once the first minutes have passed. */
  slowIntervalMs?: number;
  /** After this long an action stays as audited (an answer `accepted`, a cancel `requested`). */
  maxWatchMs?: number;
  /** Most actions watched at once; the oldest are dropped (and stay as audited). */
  maxPending?: number;
  now?: () => number;
}

interface Watched {
  pending: PendingAction;
  since: number;
}

const FAST_PHASE_MS = 2 * 60_000;

export class ActionFollowUp {
  readonly #options: Required<Omit<ActionFollowUpOptions, 'readRun' | 'audit' | 'log'>>;
  readonly #readRun: ActionFollowUpOptions['readRun'];
  readonly #audit: AuditSink;
  readonly #log: Logger;
  readonly #byRun = new Map<string, Watched[]>();
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(options: ActionFollowUpOptions) {
    this.#readRun = options.readRun;
    this.#audit = options.audit;
    this.#log = options.log;
    this.#options = {
      intervalMs: options.intervalMs ?? 2_000,
      slowIntervalMs: options.slowIntervalMs ?? 10_000,
      maxWatchMs: options.maxWatchMs ?? 15 * 60_000,
      maxPending: options.maxPending ?? 1_000,
      now: options.now ?? Date.now,
    };
  }

  /** Whether anything can be settled at all: a sink that only appends gets no follow-up reads. */
  get enabled(): boolean {
    return typeof this.#audit.updateOutcome === 'function';
  }

  watch(pending: PendingAction): void {
    if (!this.enabled) return;
    const list = this.#byRun.get(pending.runId) ?? [];
    list.push({ pending, since: this.#options.now() });
    this.#byRun.set(pending.runId, list);
    this.#dropOldest();
    this.#schedule(pending.runId);
  }

  /** A run as just read; settles whatever it decides. */
  observe(view: RunView): void {
    const list = this.#byRun.get(view.id);
    if (!list) return;
    const open = list.filter(({ pending }) => {
      const settlement = settlementOf(pending, view);
      if (settlement === null) return true;
      // The audit store's updates never reject (audit-store.ts); nothing here waits for the write.
      if (settlement !== 'stands') void this.#audit.updateOutcome?.(pending, settlement.outcome, settlement.detail);
      const outcome = settlement === 'stands' ? 'as audited' : settlement.outcome;
      this.#log.debug('action outcome settled', { action: pending.action, runId: pending.runId, outcome });
      return false;
    });
    this.#replace(view.id, open);
  }

  /** Actions still waiting for the run to tell how they ended. */
  pending(runId: string): readonly PendingAction[] {
    return (this.#byRun.get(runId) ?? []).map((w) => w.pending);
  }

  /** Stops every follow-up read (the audited outcomes stay as they are). */
  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#byRun.clear();
  }

  #replace(runId: string, list: Watched[]): void {
    if (list.length > 0) {
      this.#byRun.set(runId, list);
      return;
    }
    this.#byRun.delete(runId);
    clearTimeout(this.#timers.get(runId));
    this.#timers.delete(runId);
  }

  #schedule(runId: string): void {
    if (this.#timers.has(runId)) return;
    const list = this.#byRun.get(runId);
    if (!list) return;
    const age = this.#options.now() - Math.min(...list.map((w) => w.since));
    const delay = age < FAST_PHASE_MS ? this.#options.intervalMs : this.#options.slowIntervalMs;
    const timer = setTimeout(() => {
      this.#timers.delete(runId);
      void this.#check(runId);
    }, delay);
    // A follow-up never keeps the process alive.
    timer.unref();
    this.#timers.set(runId, timer);
  }

  async #check(runId: string): Promise<void> {
    const now = this.#options.now();
    this.#replace(
      runId,
      (this.#byRun.get(runId) ?? []).filter((w) => now - w.since < this.#options.maxWatchMs),
    );
    if (!this.#byRun.has(runId)) return;
    try {
      const view = await this.#readRun(runId);
      if (view) this.observe(view);
    } catch (error) {
      // `readRun` answers null for upstream trouble; anything else (a store closed at shutdown) ends the watch.
      this.#log.warn('follow-up of a run action stopped', { runId, error });
      this.#replace(runId, []);
      return;
    }
    this.#schedule(runId);
  }

  #dropOldest(): void {
    let total = 0;
    for (const list of this.#byRun.values()) total += list.length;
    for (const [runId, list] of this.#byRun) {
      if (total <= this.#options.maxPending) return;
      total -= list.length;
      this.#replace(runId, []);
    }
  }
}
