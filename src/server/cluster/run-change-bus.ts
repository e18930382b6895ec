import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from '../logger';

const CHANNEL = 'runwatch_runs_changed';
/** NOTIFY payloads must stay under 8000 bytes; run ids are short, so this many fit with room to spare. */
const IDS_PER_NOTIFY = 200;

interface RunsChangedMessage {
  from: string;
  ids: string[];
}

/**
 * Tells every replica which runs changed (LISTEN/NOTIFY), so a run an event changed is forgotten by
 * every replica's cache, not only by the one whose intake took the event in. A replica hears its own
 * notifications too and skips them (it already acted). The listening connection is its own and is
 * re-opened when lost; while it is down, replicas fall back on their caches' reuse windows.
 */
export class RunChangeBus {
  readonly #pool: pg.Pool;
  readonly #databaseUrl: string;
  readonly #replica: string;
  readonly #log: Logger;
  readonly #abort = new AbortController();
  readonly #listeners = new Set<(ids: string[]) => void>();
  #client: pg.Client | null = null;
  #loop: Promise<void> | null = null;

  constructor(options: { pool: pg.Pool; databaseUrl: string; replica: string; log: Logger }) {
    this.#pool = options.pool;
    this.#databaseUrl = options.databaseUrl;
    this.#replica = options.replica;
    this.#log = options.log.child({ component: 'run-change-bus' });
  }

  /** Called with the run ids other replicas announced as changed. */
  onRemoteChange(listener: (ids: string[]) => void): void {
    this.#listeners.add(listener);
  }

  async publish(ids: readonly string[]): Promise<void> {
    for (let at = 0; at < ids.length; at += IDS_PER_NOTIFY) {
      const message: RunsChangedMessage = { from: this.#replica, ids: ids.slice(at, at + IDS_PER_NOTIFY) };
      await this.#pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(message)]);
    }
  }

  /** Resolves once the first LISTEN is in place (or failed; it is retried in the background). */
  async start(): Promise<void> {
    if (this.#loop) return;
    let firstListen!: () => void;
    const listening = new Promise<void>((resolve) => (firstListen = resolve));
    this.#loop = this.#run(firstListen);
    await listening;
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#client?.end().catch(() => undefined);
    await this.#loop;
  }

  async #run(firstListen: () => void): Promise<void> {
    let reconnecting = false;
    while (!this.#abort.signal.aborted) {
      const client = new pg.Client({ connectionString: this.#databaseUrl, application_name: 'runwatch-listen', keepAlive: true });
      this.#client = client;
      try {
        const ended = new Promise<void>((resolve) => {
          client.on('error', () => resolve());
          client.on('end', () => resolve());
        });
        client.on('notification', (message) => this.#deliver(message.payload));
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
        firstListen();
        if (reconnecting) this.#log.info('listening for run changes again; changes announced meanwhile end with their reuse windows');
        await ended;
      } catch (error) {
        if (!this.#abort.signal.aborted)
          this.#log.warn('could not listen for run changes; retrying', { error: error instanceof Error ? error.message : String(error) });
      }
      firstListen();
      await client.end().catch(() => undefined);
      reconnecting = true;
      await sleep(1_000, undefined, { signal: this.#abort.signal }).catch(() => undefined);
    }
  }

  #deliver(payload: string | undefined): void {
    try {
      const message = JSON.parse(payload ?? '') as Partial<RunsChangedMessage>;
      if (message.from === this.#replica || !Array.isArray(message.ids)) return;
      const ids = message.ids.filter((id): id is string => typeof id === 'string');
      if (ids.length > 0) this.#notify(ids);
    } catch {
      this.#log.warn('ignored a run-change notification that is not JSON');
    }
  }

  #notify(ids: string[]): void {
    for (const listener of this.#listeners) listener(ids);
  }
}
