import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from '../logger';

/**
 * Which replica does the work that must happen once (the event catch-up reader, the alert scanner):
 * the one holding a PostgreSQL session-level advisory lock on a connection of its own.
 *
 * - Followers try the lock every `retryMs` (`pg_try_advisory_lock`, never a blocking wait), so when
 *   the leader dies (its connection closes and PostgreSQL drops the lock with the session) another
 *   replica leads within about `retryMs`.
 * - The leader checks its connection every `retryMs`; a query that fails or takes longer than
 *   `queryTimeoutMs` means the lock may be gone, so it steps down at once (stopping its duties) and
 *   reconnects as a follower. Two leaders at once would need the lost connection's lock to outlive
 *   the check, which PostgreSQL does not allow once the session ends.
 * - `stop()` steps down and closes the connection, which releases the lock for the others at once.
 */
export interface LeaderElectionOptions {
  databaseUrl: string;
  log: Logger;
  /** This replica's name in the log and in the shared leader status. */
  replica: string;
  retryMs?: number;
  queryTimeoutMs?: number;
}

export type LeadershipListener = (leading: boolean) => void;

export class LeaderElection {
  readonly #databaseUrl: string;
  readonly #log: Logger;
  readonly #retryMs: number;
  readonly #queryTimeoutMs: number;
  readonly #listeners = new Set<LeadershipListener>();
  readonly #abort = new AbortController();
  readonly replica: string;
  #leading = false;
  #loop: Promise<void> | null = null;
  #client: pg.Client | null = null;

  constructor(options: LeaderElectionOptions) {
    this.#databaseUrl = options.databaseUrl;
    this.#log = options.log.child({ component: 'leader' });
    this.replica = options.replica;
    this.#retryMs = options.retryMs ?? 1_000;
    this.#queryTimeoutMs = options.queryTimeoutMs ?? 3_000;
  }

  isLeader(): boolean {
    return this.#leading;
  }

  /** Called with `true` when this replica starts leading and `false` when it stops. */
  onChange(listener: LeadershipListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    if (this.#loop || this.#abort.signal.aborted) return;
    this.#loop = this.#run();
  }

  /** Steps down and releases the lock (closing its connection). */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#client?.end().catch(() => undefined);
    await this.#loop;
    this.#setLeading(false);
  }

  async #run(): Promise<void> {
    while (!this.#abort.signal.aborted) {
      try {
        await this.#session();
      } catch (error) {
        if (this.#abort.signal.aborted) break;
        if (this.#leading) this.#log.warn('lost the leader connection; stepping down', { error: error instanceof Error ? error.message : String(error) });
        this.#setLeading(false);
      }
      await this.#client?.end().catch(() => undefined);
      this.#client = null;
      await this.#pause();
    }
  }

  /** One connection's life: try for the lock until it is held, then keep checking the connection. */
  async #session(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#databaseUrl,
      application_name: 'runwatch-leader',
      connectionTimeoutMillis: this.#queryTimeoutMs,
      query_timeout: this.#queryTimeoutMs,
      keepAlive: true,
    });
    // An error on an idle connection surfaces on the next query; this keeps it from crashing the process.
    client.on('error', () => undefined);
    this.#client = client;
    await client.connect();
    const keyRow = await client.query<{ key: string }>(`SELECT hashtextextended('runwatch leader ' || current_schema(), 0)::text AS key`);
    const key = keyRow.rows[0]?.key;
    if (!key) throw new Error('no current schema');
    while (!this.#abort.signal.aborted) {
      if (!this.#leading) {
        const got = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
        if (got.rows[0]?.locked) this.#setLeading(true);
      } else {
        await client.query('SELECT 1');
      }
      await this.#pause();
    }
  }

  #pause(): Promise<void> {
    return sleep(this.#retryMs, undefined, { signal: this.#abort.signal }).catch(() => undefined);
  }

  #setLeading(leading: boolean): void {
    if (this.#leading === leading) return;
    this.#leading = leading;
    this.#log.info(leading ? 'this replica leads: it runs the event reader and the alert scanner' : 'this replica no longer leads', { replica: this.replica });
    for (const listener of this.#listeners) {
      try {
        listener(leading);
      } catch (error) {
        this.#log.error('a leadership listener failed', { error });
      }
    }
  }
}
