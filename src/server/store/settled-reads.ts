import type { RunIndexSnapshot } from './event-store';

/** Runs whose settled read is remembered, newest last; the oldest are forgotten beyond this. */
const MAX_SETTLED_READS = 10_000;

/**
 * Per run, the last read snapshot that the run index took in without changing anything, so the
 * same snapshot read again (a page polling a run that did not change) is known to change nothing
 * without a transaction. The store that holds the index must `forget` a run whenever it writes
 * that run's row, and note a run only once the transaction that found nothing to change committed:
 * a note then always describes the row as it stands. Bounded; a forgotten run costs one transaction.
 */
export class SettledReads {
  readonly #byRun = new Map<string, string>();
  readonly #max: number;

  constructor(max = MAX_SETTLED_READS) {
    this.#max = max;
  }

  /** The whole snapshot, so a change in any part of it is a different read. */
  fingerprintOf(snapshot: RunIndexSnapshot): string {
    return JSON.stringify(snapshot);
  }

  holds(runId: string, fingerprint: string): boolean {
    return this.#byRun.get(runId) === fingerprint;
  }

  note(runId: string, fingerprint: string): void {
    this.#byRun.delete(runId);
    this.#byRun.set(runId, fingerprint);
    if (this.#byRun.size > this.#max) this.#byRun.delete(this.#byRun.keys().next().value as string);
  }

  forget(runId: string): void {
    this.#byRun.delete(runId);
  }

  clear(): void {
    this.#byRun.clear();
  }

  get size(): number {
    return this.#byRun.size;
  }
}
