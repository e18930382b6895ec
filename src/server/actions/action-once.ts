/**
 * Runs an action at most once per key within this process: a second request for a key already in
 * flight joins the first one's result, and one for a key that succeeded gets that result again
 * (for `rememberMs`). A request whose fingerprint differs from the first one's (another answer to
 * the same prompt) is a conflict. A failed action is forgotten at once, so it can be tried again.
 */

export type OnceOutcome<T> = { kind: 'first' | 'joined' | 'replayed'; value: T } | { kind: 'conflict' };

interface Entry<T> {
  fingerprint: string;
  result: Promise<T>;
  /** When the action succeeded; null while in flight. */
  doneAt: number | null;
}

export interface ActionOnceOptions {
  rememberMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class ActionOnce<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #rememberMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: ActionOnceOptions = {}) {
    this.#rememberMs = options.rememberMs ?? 24 * 60 * 60_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  async run(key: string, fingerprint: string, action: () => Promise<T>): Promise<OnceOutcome<T>> {
    const existing = this.#entries.get(key);
    if (existing && (existing.doneAt === null || this.#now() - existing.doneAt < this.#rememberMs)) {
      if (existing.fingerprint !== fingerprint) return { kind: 'conflict' };
      return { kind: existing.doneAt === null ? 'joined' : 'replayed', value: await existing.result };
    }

    const entry: Entry<T> = { fingerprint, result: action(), doneAt: null };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#trim();
    try {
      const value = await entry.result;
      entry.doneAt = this.#now();
      return { kind: 'first', value };
    } catch (error) {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
      throw error;
    }
  }

  /** Oldest first (Map order); entries still in flight are never dropped. */
  #trim(): void {
    if (this.#entries.size <= this.#maxEntries) return;
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries) break;
      if (entry.doneAt !== null) this.#entries.delete(key);
    }
  }
}
