import type pg from 'pg';
import { CatchUpReader, type CatchUpReaderOptions, type CatchUpStatus } from '../events/catch-up-reader';
import type { Logger } from '../logger';
import type { LeaderDuties } from './leader-duties';

/** The leader's published status older than this counts as the reader not running (the leader died). */
const STALE_STATUS_MS = 5_000;

/**
 * The event catch-up reader of a replica in a cluster: it reads the upstream's event log only while
 * this replica leads (a new reader each term, resuming from the shared watermark), and publishes
 * its status to PostgreSQL every `publishMs`, so a follower's `/api/events/status`, event feed
 * health and board say how the leader's reader fares rather than "not running".
 */
export class LeaderCatchUpReader extends CatchUpReader {
  readonly #options: CatchUpReaderOptions;
  readonly #pool: pg.Pool;
  readonly #replica: string;
  readonly #publishMs: number;
  readonly #log: Logger;
  #current: CatchUpReader | null = null;
  #shared: CatchUpStatus | null = null;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(options: CatchUpReaderOptions & { pool: pg.Pool; duties: LeaderDuties; replica: string; publishMs?: number }) {
    super(options);
    this.#options = options;
    this.#pool = options.pool;
    this.#replica = options.replica;
    this.#publishMs = options.publishMs ?? 1_000;
    this.#log = options.log.child({ component: 'catch-up' });
    options.duties.add({
      name: 'event catch-up reader',
      start: () => {
        const reader = new CatchUpReader(this.#options);
        this.#current = reader;
        reader.start();
        return {
          stop: async () => {
            if (this.#current === reader) this.#current = null;
            await reader.stop();
          },
        };
      },
    });
  }

  /** Begins publishing (as leader) or following (as follower) the shared status; reading starts with leadership. */
  override start(): void {
    if (this.#timer || this.#stopped) return;
    const tick = () => {
      void this.#sync().finally(() => {
        if (!this.#stopped) this.#timer = setTimeout(tick, this.#publishMs);
      });
    };
    tick();
  }

  override async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#current?.stop();
  }

  override status(): CatchUpStatus {
    return this.#current?.status() ?? this.#shared ?? super.status();
  }

  async #sync(): Promise<void> {
    try {
      const reader = this.#current;
      if (reader) {
        await this.#pool.query(
          `INSERT INTO cluster_leader_status (singleton, replica, since, catch_up, updated_at) VALUES (true, $1, clock_timestamp(), $2, clock_timestamp())
           ON CONFLICT (singleton) DO UPDATE SET
             since = CASE WHEN cluster_leader_status.replica = EXCLUDED.replica THEN cluster_leader_status.since ELSE EXCLUDED.since END,
             replica = EXCLUDED.replica, catch_up = EXCLUDED.catch_up, updated_at = EXCLUDED.updated_at`,
          [this.#replica, JSON.stringify(reader.status())],
        );
        return;
      }
      const row = await this.#pool.query<{ catch_up: CatchUpStatus | null; age_ms: number }>(
        `SELECT catch_up, (EXTRACT(EPOCH FROM clock_timestamp() - updated_at) * 1000)::float8 AS age_ms FROM cluster_leader_status`,
      );
      const found = row.rows[0];
      this.#shared = found?.catch_up ? { ...found.catch_up, running: found.catch_up.running && found.age_ms < STALE_STATUS_MS } : null;
    } catch (error) {
      this.#log.debug('could not share the event reader status', { error: error instanceof Error ? error.message : String(error) });
      this.#shared = null;
    }
  }
}
