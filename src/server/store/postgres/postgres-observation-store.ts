import type pg from 'pg';
import type { Logger } from '@/server/logger';
import type { ObservationStore, RunObservation } from '../observation-store';
import {
  instantOf,
  isOlder,
  newerInstant,
  observationSignature,
  planObservationWrite,
  REQUEST_ID_RETENTION_DAYS,
  timelineEntryOf,
  type StoredObservation,
  type StoredTimelineRow,
} from '../observation-rules';
import { inTransaction, type PostgresDatabase } from './postgres-database';

/**
 * Observations and the request-id index in the shared database (migration 0005), so every replica
 * answers a run's observed timeline and a pasted request id alike. Same rules as the SQLite engine
 * (src/server/store/observation-store.ts): writes are queued and committed in one transaction a
 * moment later, off the reads that made them; every read of the store commits the queue first.
 *
 * Two replicas may write observations of one run at once: each run's writes take a transaction
 * lock on the run (runs in a fixed order, so two batches never deadlock), so a late reply is
 * compared with what the other replica committed, never with a stale copy.
 */

/** Queued writes wait this long, so a busy replica commits many reads in one transaction. */
const WRITE_DELAY_MS = 50;
/** Queued writes beyond this are written at once. */
const MAX_QUEUED_WRITES = 1000;
/** Per run, the last signature queued: an unchanged poll costs no round trip. */
const MAX_REMEMBERED = 50_000;

interface QueuedRun {
  observation: RunObservation;
  signature: string;
  at: string;
}
interface QueuedRequestId {
  requestId: string;
  runId: string;
  at: string;
}

export interface PostgresObservationStoreOptions {
  database: PostgresDatabase;
  log: Logger;
  now?: () => Date;
}

export async function openPostgresObservationStore(options: PostgresObservationStoreOptions): Promise<ObservationStore> {
  const { pool } = options.database;
  const log = options.log.child({ component: 'observations' });
  const now = options.now ?? (() => new Date());
  const cutoff = new Date(now().getTime() - REQUEST_ID_RETENTION_DAYS * 86_400_000).toISOString();
  await pool.query('DELETE FROM observed_request_ids WHERE observed_at < $1', [cutoff]);

  const lastSeen = new Map<string, { signature: string; newest: number | null }>();
  let queuedRuns: QueuedRun[] = [];
  let queuedRequestIds: QueuedRequestId[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  /** The write under way; the next one starts after it, so queued observations land in order. */
  let writing: Promise<void> = Promise.resolve();
  let closed = false;

  function remember(runId: string, seen: { signature: string; newest: number | null }): void {
    lastSeen.delete(runId);
    lastSeen.set(runId, seen);
    if (lastSeen.size > MAX_REMEMBERED) lastSeen.delete(lastSeen.keys().next().value as string);
  }

  async function writeRun(client: pg.PoolClient, { observation: o, at }: QueuedRun): Promise<void> {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('runwatch observation ' || $1, 0))`, [o.runId]);
    const last = (
      await client.query<StoredObservation>(
        'SELECT status, upstream_status, result, error_codes, upstream_updated_at, runtime_ms FROM status_observations WHERE run_id = $1 ORDER BY id DESC LIMIT 1',
        [o.runId],
      )
    ).rows[0];
    const stored = (await client.query<{ upstream_updated_at: string | null }>('SELECT upstream_updated_at FROM observed_runs WHERE run_id = $1', [o.runId]))
      .rows[0];
    const plan = planObservationWrite(o, last && { ...last, runtime_ms: numberOrNull(last.runtime_ms) }, stored?.upstream_updated_at ?? null);
    if (!plan) return;
    if (plan.addEntry) {
      await client.query(
        'INSERT INTO status_observations (run_id, status, upstream_status, observed_at, upstream_updated_at, runtime_ms, result, error_codes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [o.runId, plan.status, o.upstreamStatus, at, o.upstreamUpdatedAt, o.runtimeMs, o.result, plan.errorCodes],
      );
    }
    await client.query(
      `INSERT INTO observed_runs (run_id, first_observed_at, last_observed_at, upstream_updated_at, runtime_ms) VALUES ($1, $2, $2, $3, $4)
       ON CONFLICT (run_id) DO UPDATE SET last_observed_at = excluded.last_observed_at,
         upstream_updated_at = excluded.upstream_updated_at, runtime_ms = excluded.runtime_ms`,
      [o.runId, at, plan.keptUpdatedAt, o.runtimeMs],
    );
  }

  async function write(runs: QueuedRun[], requestIds: QueuedRequestId[]): Promise<void> {
    try {
      await inTransaction(pool, async (client) => {
        // Runs locked in one order by every replica: two batches never wait on each other in a circle.
        const ordered = runs
          .map((run, index) => ({ run, index }))
          .sort((a, b) => (a.run.observation.runId < b.run.observation.runId ? -1 : a.run.observation.runId > b.run.observation.runId ? 1 : a.index - b.index));
        for (const { run } of ordered) await writeRun(client, run);
        if (requestIds.length > 0) {
          await client.query(
            `INSERT INTO observed_request_ids (request_id, run_id, observed_at)
             SELECT DISTINCT ON (request_id) request_id, run_id, observed_at FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS q(request_id, run_id, observed_at, n)
             ORDER BY request_id, n
             ON CONFLICT (request_id) DO NOTHING`,
            [requestIds.map((r) => r.requestId), requestIds.map((r) => r.runId), requestIds.map((r) => r.at)],
          );
        }
      });
    } catch (error) {
      // Not written: the next read of these runs must try again.
      for (const run of runs) if (lastSeen.get(run.observation.runId)?.signature === run.signature) lastSeen.delete(run.observation.runId);
      log.error('could not record observation', {
        what: runs.length > 0 ? 'run' : 'request id',
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Commits everything queued so far; resolves once it (and any write before it) is done. Never rejects. */
  function flush(): Promise<void> {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (queuedRuns.length > 0 || queuedRequestIds.length > 0) {
      const runs = queuedRuns;
      const requestIds = queuedRequestIds;
      queuedRuns = [];
      queuedRequestIds = [];
      writing = writing.then(() => write(runs, requestIds));
    }
    return writing;
  }

  function scheduleFlush(): void {
    if (queuedRuns.length + queuedRequestIds.length >= MAX_QUEUED_WRITES) {
      void flush();
      return;
    }
    if (flushTimer) return;
    flushTimer = setTimeout(() => void flush(), WRITE_DELAY_MS);
    flushTimer.unref();
  }

  /** Observations must not break reads: a closed store logs and drops, it never throws at the caller. */
  function refuseWhenClosed(what: string): boolean {
    if (closed) log.error('could not record observation', { what, error: 'the observation store is closed' });
    return closed;
  }

  return {
    recordRun(o, upstreamRequestId) {
      if (refuseWhenClosed('run')) return;
      const at = now().toISOString();
      const signature = observationSignature(o);
      const seen = lastSeen.get(o.runId);
      const instant = instantOf(o.upstreamUpdatedAt);
      // Older than what this replica already saw of the run: a late reply. (Writing checks again
      // against the database, which knows what other replicas saw.)
      if (!isOlder(instant, seen?.newest ?? null) && seen?.signature !== signature) {
        remember(o.runId, { signature, newest: newerInstant(instant, seen?.newest ?? null) });
        queuedRuns.push({ observation: o, signature, at });
      }
      if (upstreamRequestId) queuedRequestIds.push({ requestId: upstreamRequestId, runId: o.runId, at });
      scheduleFlush();
    },
    recordRequestId(requestId, runId) {
      if (refuseWhenClosed('request id')) return;
      queuedRequestIds.push({ requestId, runId, at: now().toISOString() });
      scheduleFlush();
    },
    async timeline(runId) {
      await flush();
      const run = await pool.query<{ first_observed_at: string }>('SELECT first_observed_at FROM observed_runs WHERE run_id = $1', [runId]);
      const rows = await pool.query<StoredTimelineRow>(
        'SELECT status, upstream_status, observed_at, upstream_updated_at, runtime_ms, result, error_codes FROM status_observations WHERE run_id = $1 ORDER BY id',
        [runId],
      );
      return {
        runId,
        firstObservedAt: run.rows[0]?.first_observed_at ?? null,
        entries: rows.rows.map((row) => timelineEntryOf({ ...row, runtime_ms: numberOrNull(row.runtime_ms) })),
      };
    },
    async lookupRequest(requestId) {
      await flush();
      const row = (
        await pool.query<{ request_id: string; run_id: string; observed_at: string }>(
          'SELECT request_id, run_id, observed_at FROM observed_request_ids WHERE request_id = $1',
          [requestId],
        )
      ).rows[0];
      return row ? { requestId: row.request_id, runId: row.run_id, observedAt: row.observed_at } : null;
    },
    async isKnownRun(runId) {
      await flush();
      return (await pool.query('SELECT 1 FROM observed_runs WHERE run_id = $1', [runId])).rowCount !== 0;
    },
    async close() {
      if (closed) return;
      await flush();
      closed = true;
    },
  };
}

/** BIGINT columns come back from `pg` as text. */
function numberOrNull(value: number | string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
