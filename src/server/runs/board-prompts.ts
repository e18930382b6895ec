import type { InteractionView, RunView } from '@/contract/bff';

/**
 * The waiting prompts behind the board's "needs you" cards. The run index knows that a run waits
 * for input but not what is asked (events carry no interaction), so each waiting run is read once
 * per status change: a read is keyed by the run's `updated_at` in the index, shared by every
 * viewer and every poll until the run changes again. A failed read is tried again after a pause.
 */

export type PromptState = { state: 'ready'; interaction: InteractionView } | { state: 'loading' } | { state: 'unavailable' };

export interface BoardPromptsOptions {
  /** Reads the run (through the shared run cache). */
  readRun: (runId: string) => Promise<RunView>;
  /** How long a board answer waits for reads under way before it shows "loading" cards. */
  waitMs?: number;
  /** Pause before a failed read is tried again. */
  retryAfterMs?: number;
  now?: () => number;
}

interface Entry {
  /** `updated_at` values this entry answers for: the index's when the read started, and the read's own. */
  versions: Set<string>;
  state: PromptState;
  failedAt: number | null;
  pending: Promise<void> | null;
}

export class BoardPrompts {
  readonly #entries = new Map<string, Entry>();
  readonly #readRun: (runId: string) => Promise<RunView>;
  readonly #waitMs: number;
  readonly #retryAfterMs: number;
  readonly #now: () => number;
  #reads = 0;

  constructor(options: BoardPromptsOptions) {
    this.#readRun = options.readRun;
    this.#waitMs = options.waitMs ?? 1_500;
    this.#retryAfterMs = options.retryAfterMs ?? 15_000;
    this.#now = options.now ?? Date.now;
  }

  /** Reads started so far (for tests and the bench: one per status change, never per viewer). */
  get reads(): number {
    return this.#reads;
  }

  /**
   * The prompt of each run waiting for input (by run id, with its `updated_at` in the index).
   * Entries of runs no longer waiting are dropped.
   */
  async promptsFor(waiting: ReadonlyArray<{ runId: string; updatedAt: string }>): Promise<Map<string, PromptState>> {
    const current = new Set(waiting.map((run) => run.runId));
    for (const runId of this.#entries.keys()) if (!current.has(runId)) this.#entries.delete(runId);

    const pending: Promise<void>[] = [];
    for (const run of waiting) {
      const entry = this.#entryFor(run.runId, run.updatedAt);
      if (entry.pending) pending.push(entry.pending);
    }
    if (pending.length > 0) await settleWithin(Promise.all(pending), this.#waitMs);

    const states = new Map<string, PromptState>();
    for (const run of waiting) states.set(run.runId, this.#entries.get(run.runId)?.state ?? { state: 'loading' });
    return states;
  }

  #entryFor(runId: string, updatedAt: string): Entry {
    const known = this.#entries.get(runId);
    const current = known && known.versions.has(updatedAt);
    const retryDue = known?.failedAt != null && this.#now() - known.failedAt >= this.#retryAfterMs;
    if (known && current && !retryDue) return known;
    if (known?.pending) {
      known.versions.add(updatedAt);
      return known;
    }

    const entry: Entry = { versions: new Set([updatedAt]), state: { state: 'loading' }, failedAt: null, pending: null };
    this.#entries.set(runId, entry);
    this.#reads += 1;
    entry.pending = this.#readRun(runId).then(
      (view) => {
        entry.versions.add(view.updatedAt);
        // A run read after it moved on (answered, expired) has no prompt; the next index poll moves its card.
        entry.state = view.status === 'interaction_required' && view.interaction ? { state: 'ready', interaction: view.interaction } : { state: 'loading' };
        entry.pending = null;
      },
      () => {
        entry.state = { state: 'unavailable' };
        entry.failedAt = this.#now();
        entry.pending = null;
      },
    );
    return entry;
  }
}

async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
