import type { UpstreamError } from './upstream-error';

/**
 * What this server has learnt about which run ids exist, so lookups can be scheduled by it:
 * - ids seen in an upstream answer (a read, a list page, an action) are known to exist, and reads
 *   of them go ahead of lookups of ids never seen;
 * - a "not found" answer is remembered for `notFoundTtlMs`, so looking the same id up again costs
 *   no upstream call until then.
 * Both memories are bounded; the least recently noted ids are forgotten first.
 */

export interface RunExistenceOptions {
  notFoundTtlMs?: number;
  maxKnown?: number;
  maxNotFound?: number;
  now?: () => number;
}

export class RunExistence {
  readonly #known = new Set<string>();
  readonly #notFound = new Map<string, { error: UpstreamError; until: number }>();
  readonly #notFoundTtlMs: number;
  readonly #maxKnown: number;
  readonly #maxNotFound: number;
  readonly #now: () => number;

  constructor(options: RunExistenceOptions = {}) {
    this.#notFoundTtlMs = options.notFoundTtlMs ?? 30_000;
    this.#maxKnown = options.maxKnown ?? 50_000;
    this.#maxNotFound = options.maxNotFound ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  isKnown(runId: string): boolean {
    return this.#known.has(runId);
  }

  noteExists(runId: string): void {
    this.#notFound.delete(runId);
    this.#known.delete(runId);
    this.#known.add(runId);
    if (this.#known.size > this.#maxKnown) this.#known.delete(this.#known.values().next().value as string);
  }

  /** Remembers the upstream's "not found" for this id; a run it held before is no longer known. */
  noteNotFound(runId: string, error: UpstreamError): void {
    this.#known.delete(runId);
    this.#notFound.delete(runId);
    this.#notFound.set(runId, { error, until: this.#now() + this.#notFoundTtlMs });
    if (this.#notFound.size > this.#maxNotFound) this.#notFound.delete(this.#notFound.keys().next().value as string);
  }

  /** The remembered "not found" answer while it holds, else null. */
  notFound(runId: string): UpstreamError | null {
    const entry = this.#notFound.get(runId);
    if (!entry) return null;
    if (this.#now() < entry.until) return entry.error;
    this.#notFound.delete(runId);
    return null;
  }
}
