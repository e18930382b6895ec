import type pg from 'pg';
import type { RunResult, RunStatus } from '@/contract/run-status';
import type { Logger } from '@/server/logger';
import { canonicalInstant } from '../canonical-time';
import {
  initialCatchUpState,
  type EventSource,
  type EventStore,
  type IngestResult,
  type RejectedEvent,
  type RequestLookup,
  type RunIndexPage,
  type RunIndexSnapshot,
  type StatusHistoryEntry,
} from '../event-store';
import { DELIVERY_RETENTION_MS, EVENT_RETENTION_MS, MAX_LIST_LIMIT } from '../sqlite-event-store';
import { inTransaction, type PostgresDatabase } from './postgres-database';
import {
  catchUpStateSchema,
  cleanErrors,
  codesOf,
  decodeCursor,
  encodeCursor,
  emptyToNull,
  filterFingerprint,
  fromRunRow,
  indexCandidate,
  isOlder,
  MAX_DELIVERY_ID_LENGTH,
  numberOrNull,
  runErrorRows,
  safeJson,
  summaryOf,
  toRunRow,
  validateEvent,
  whereSql,
  type IndexCandidate,
  type RunRow,
  type ValidEvent,
} from '../run-index-rules';
import { filterClause, ParamList } from './run-index-filter';

/**
 * The event store on PostgreSQL, shared by every replica: the same tables and rules as the SQLite
 * store (docs/event-store.md). Replicas may ingest the same events at once: an event id is stored
 * once (its primary key decides), and each run's index row is changed under a per-run transaction
 * lock, taken in run-id order so two batches never wait on each other in a circle.
 */

const DEFAULT_PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/** Rows per multi-row INSERT; 12 parameters each stays far below PostgreSQL's 65,535. */
const INSERT_CHUNK = 500;

export interface PostgresEventStore extends EventStore {
  /** Drops events older than 30 days and delivery ids older than 24 h; also runs on open and on a timer. */
  prune(): Promise<{ events: number; deliveries: number }>;
}

export interface PostgresEventStoreOptions {
  database: PostgresDatabase;
  log: Logger;
  now?: () => Date;
  /** How often to prune; 0 turns the timer off (pruning on open still happens). */
  pruneIntervalMs?: number;
}

const RUN_COLUMNS = [
  'run_id',
  'status',
  'upstream_status',
  'result',
  'task_id',
  'agent_id',
  'source_id',
  'credential_id',
  'session_id',
  'workflow_id',
  'runtime_ms',
  'created_at',
  'updated_at',
  'error_codes',
  'interaction_type',
  'errors',
  'applied_at',
  'applied_rank',
  'indexed_at',
] as const;

const UPSERT_RUN = `INSERT INTO runs (${RUN_COLUMNS.join(', ')})
  VALUES (${RUN_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (run_id) DO UPDATE SET ${RUN_COLUMNS.filter((column) => column !== 'run_id')
    .map((column) => `${column} = excluded.${column}`)
    .join(', ')}`;

export async function openPostgresEventStore(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
  const { pool } = options.database;
  const log = options.log.child({ component: 'event-store' });
  const now = options.now ?? (() => new Date());

  /**
   * Applies the candidates not older than what the index holds (ties go to the status further
   * along). Returns the runs whose stored summary changed.
   */
  async function applyToIndex(client: pg.PoolClient, candidates: IndexCandidate[], indexedAt: string): Promise<string[]> {
    if (candidates.length === 0) return [];
    const runIds = [...new Set(candidates.map((candidate) => candidate.snapshot.runId))].sort();
    // A row that does not exist yet cannot be locked with FOR UPDATE, so the lock is on the run id.
    // The ids come sorted, and the subquery hands them to the aggregate in that order.
    await client.query(
      `SELECT count(pg_advisory_xact_lock(hashtextextended('runwatch run ' || id, 0)))
       FROM (SELECT id FROM unnest($1::text[]) AS id ORDER BY id COLLATE "C") AS ordered`,
      [runIds],
    );
    const held = new Map((await client.query<RunRow>('SELECT * FROM runs WHERE run_id = ANY($1::text[])', [runIds])).rows.map((row) => [row.run_id, row]));
    const changed = new Set<string>();
    for (const candidate of candidates) {
      const { snapshot, appliedAt, rank, fromEvent } = candidate;
      const current = held.get(snapshot.runId);
      if (current && isOlder({ appliedAt, rank }, { appliedAt: current.applied_at, rank: current.applied_rank })) {
        const filled = await fillErrors(client, snapshot, current, indexedAt);
        if (filled) {
          held.set(snapshot.runId, filled);
          changed.add(snapshot.runId);
        }
        continue;
      }
      const row = toRunRow(snapshot, current, fromEvent);
      const summaryChanged = !current || summaryOf(current) !== summaryOf(row);
      if (!summaryChanged && current.applied_at === appliedAt && current.applied_rank === rank) continue;
      const stored: RunRow & { indexed_at: string } = { ...row, applied_at: appliedAt, applied_rank: rank, indexed_at: indexedAt };
      await client.query(
        UPSERT_RUN,
        RUN_COLUMNS.map((column) => stored[column]),
      );
      held.set(snapshot.runId, stored);
      if (!current || row.errors !== current.errors || row.error_codes !== current.error_codes)
        await writeRunErrors(client, snapshot.runId, row.errors, row.error_codes);
      if (summaryChanged) changed.add(snapshot.runId);
    }
    return [...changed];
  }

  /**
   * A read stamped a little before the event the index holds (a run's updated_at can trail the
   * event that reported it) still tells the errors of the same state: they fill an index entry
   * that has none, and nothing else of the newer entry changes. Returns the updated row, or null.
   */
  async function fillErrors(client: pg.PoolClient, snapshot: RunIndexSnapshot, current: RunRow, indexedAt: string): Promise<RunRow | null> {
    if (current.errors !== null || current.upstream_status !== snapshot.upstreamStatus || !Array.isArray(snapshot.errors)) return null;
    const cleaned = cleanErrors(snapshot.errors);
    const errors = JSON.stringify(cleaned);
    const errorCodes = JSON.stringify(codesOf(cleaned));
    await client.query('UPDATE runs SET errors = $1, error_codes = $2, indexed_at = $3 WHERE run_id = $4', [errors, errorCodes, indexedAt, snapshot.runId]);
    await writeRunErrors(client, snapshot.runId, errors, errorCodes);
    return { ...current, errors, error_codes: errorCodes };
  }

  async function writeRunErrors(client: pg.PoolClient, runId: string, errors: string | null, errorCodes: string): Promise<void> {
    await client.query('DELETE FROM run_errors WHERE run_id = $1', [runId]);
    const rows = runErrorRows(errors, errorCodes);
    if (rows.length === 0) return;
    await client.query(
      `INSERT INTO run_errors (run_id, position, error_type, error_group, code)
       SELECT $1, position, error_type, error_group, code
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS e(position, error_type, error_group, code)`,
      [runId, rows.map((row) => row.position), rows.map((row) => row.type), rows.map((row) => row.group), rows.map((row) => row.code)],
    );
  }

  /**
   * Inserts the events not stored yet; returns the ids this call stored. Rows go in event-id order
   * (the first copy of a repeated id), so replicas inserting overlapping batches wait on each other
   * in one direction instead of deadlocking.
   */
  async function insertEvents(client: pg.PoolClient, events: ValidEvent[], source: EventSource, receivedAt: string): Promise<Set<string>> {
    const stored = new Set<string>();
    const byId = new Map<string, ValidEvent>();
    for (const valid of events) if (!byId.has(valid.event.id)) byId.set(valid.event.id, valid);
    const ordered = [...byId.values()].sort((a, b) => (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0));
    for (let start = 0; start < ordered.length; start += INSERT_CHUNK) {
      const params = new ParamList();
      const rows = ordered.slice(start, start + INSERT_CHUNK).map(({ event, createdAt, runId, candidate }) => {
        const run = candidate?.snapshot ?? null;
        const values = [
          event.id,
          event.type,
          createdAt,
          runId,
          emptyToNull(event.requestId),
          run?.status ?? null,
          run?.upstreamStatus ?? null,
          candidate ? candidate.rank : null,
          run?.result ?? null,
          run?.runtimeMs ?? null,
          source,
          receivedAt,
        ];
        return `(${values.map((value) => params.add(value)).join(', ')})`;
      });
      const result = await client.query<{ event_id: string }>(
        `INSERT INTO events (event_id, type, created_at, run_id, request_id, status, upstream_status, status_rank, result, runtime_ms, source, received_at)
         VALUES ${rows.join(', ')}
         ON CONFLICT (event_id) DO NOTHING
         RETURNING event_id`,
        params.values,
      );
      for (const row of result.rows) stored.add(row.event_id);
    }
    return stored;
  }

  async function pruneNow(): Promise<{ events: number; deliveries: number }> {
    const at = now().getTime();
    const events = (await pool.query('DELETE FROM events WHERE created_at < $1', [new Date(at - EVENT_RETENTION_MS).toISOString()])).rowCount ?? 0;
    const deliveries =
      (await pool.query('DELETE FROM webhook_deliveries WHERE seen_at < $1', [new Date(at - DELIVERY_RETENTION_MS).toISOString()])).rowCount ?? 0;
    if (events > 0 || deliveries > 0) log.info('pruned old events and delivery ids', { events, deliveries });
    return { events, deliveries };
  }

  await pruneNow();
  const pruneIntervalMs = options.pruneIntervalMs ?? DEFAULT_PRUNE_INTERVAL_MS;
  const pruneTimer =
    pruneIntervalMs > 0
      ? setInterval(() => {
          pruneNow().catch((error: unknown) => log.error('pruning the event store failed', { error }));
        }, pruneIntervalMs)
      : null;
  pruneTimer?.unref();

  return {
    async ingest(events, source) {
      const valid: ValidEvent[] = [];
      const rejected: RejectedEvent[] = [];
      for (const event of events) {
        const checked = validateEvent(event);
        if ('reason' in checked) rejected.push({ eventId: String(event.id), reason: checked.reason });
        else valid.push(checked);
      }
      const receivedAt = now().toISOString();
      const result: IngestResult = await inTransaction(pool, async (client) => {
        const stored = await insertEvents(client, valid, source, receivedAt);
        let inserted = 0;
        let duplicates = 0;
        // Only the newest snapshot of each run in the batch can end up in the index: one write per run.
        const newest = new Map<string, IndexCandidate>();
        for (const { event, candidate } of valid) {
          // The first copy of an id this call stored counts as inserted; repeats, and ids stored before, are duplicates.
          if (!stored.delete(event.id)) {
            duplicates++;
            continue;
          }
          inserted++;
          if (!candidate) continue;
          const held = newest.get(candidate.snapshot.runId);
          if (!held || !isOlder(candidate, held)) newest.set(candidate.snapshot.runId, candidate);
        }
        const changedRunIds = await applyToIndex(client, [...newest.values()], receivedAt);
        return { inserted, duplicates, changedRunIds };
      });
      return rejected.length > 0 ? { ...result, rejected } : result;
    },

    async upsertRuns(runs) {
      const candidates: IndexCandidate[] = [];
      for (const run of runs) {
        const updatedAt = canonicalInstant(run.updatedAt);
        const candidate = updatedAt === null ? null : indexCandidate(run, updatedAt, null, false);
        if (candidate) candidates.push(candidate);
        else
          log.warn('run not indexed: its created_at or updated_at is not an ISO 8601 timestamp', {
            runId: run.runId,
            createdAt: run.createdAt,
            updatedAt: run.updatedAt,
          });
      }
      // Reads carry no event ids to dedupe on, so each snapshot is compared with the index as it comes.
      const indexedAt = now().toISOString();
      return inTransaction(pool, (client) => applyToIndex(client, candidates, indexedAt));
    },

    async getRun(runId) {
      const row = (await pool.query<RunRow>('SELECT * FROM runs WHERE run_id = $1', [runId])).rows[0];
      return row ? fromRunRow(row) : null;
    },

    async listRuns(filter, page) {
      if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_LIST_LIMIT) {
        throw new RangeError(`limit must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${page.limit}`);
      }
      const params = new ParamList();
      const clauses = filterClause(filter, params);
      const fingerprint = filterFingerprint(filter);
      // An empty cursor (`?cursor=`) asks for the first page, like none at all.
      if (page.cursor !== null && page.cursor !== undefined && page.cursor !== '') {
        const position = decodeCursor(page.cursor, fingerprint);
        clauses.push(`(created_at, run_id) < (${params.add(position.c)}, ${params.add(position.r)})`);
      }
      const sql = `SELECT * FROM runs ${whereSql(clauses)} ORDER BY created_at DESC, run_id DESC LIMIT ${params.add(page.limit + 1)}`;
      const rows = (await pool.query<RunRow>(sql, params.values)).rows;
      const more = rows.length > page.limit;
      const shown = more ? rows.slice(0, page.limit) : rows;
      const last = shown.at(-1);
      return {
        runs: shown.map(fromRunRow),
        nextCursor: more && last ? encodeCursor(last.created_at, last.run_id, fingerprint) : null,
      } satisfies RunIndexPage;
    },

    async countByStatus(filter = {}) {
      const params = new ParamList();
      const clauses = filterClause(filter, params);
      const sql = `SELECT status, upstream_status, COUNT(*) AS runs FROM runs ${whereSql(clauses)} GROUP BY status, upstream_status`;
      const counts: Record<string, number> = {};
      for (const row of (await pool.query<{ status: string | null; upstream_status: string; runs: string }>(sql, params.values)).rows) {
        const key = row.status ?? row.upstream_status;
        counts[key] = (counts[key] ?? 0) + Number(row.runs);
      }
      return counts;
    },

    async statusHistory(runId) {
      const rows = (
        await pool.query<{
          event_id: string;
          type: string;
          created_at: string;
          status: string | null;
          upstream_status: string;
          result: string | null;
          runtime_ms: string | null;
        }>(
          `SELECT event_id, type, created_at, status, upstream_status, result, runtime_ms FROM events
           WHERE run_id = $1 AND upstream_status IS NOT NULL
           ORDER BY created_at, status_rank, event_id`,
          [runId],
        )
      ).rows;
      return rows.map((row): StatusHistoryEntry => ({
        status: row.status as RunStatus | null,
        upstreamStatus: row.upstream_status,
        at: row.created_at,
        eventId: row.event_id,
        eventType: row.type,
        result: row.result as RunResult | null,
        runtimeMs: numberOrNull(row.runtime_ms),
      }));
    },

    async failedRunsWithoutErrors(limit) {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT)
        throw new RangeError(`limit must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${limit}`);
      const rows = await pool.query<{ run_id: string }>(
        `SELECT run_id FROM runs WHERE status = 'failed' AND errors IS NULL ORDER BY updated_at DESC, run_id DESC LIMIT $1`,
        [limit],
      );
      return rows.rows.map((row) => row.run_id);
    },

    async lookupRequest(requestId): Promise<RequestLookup | null> {
      const row = (
        await pool.query<{ request_id: string; run_id: string; created_at: string }>(
          `SELECT request_id, run_id, created_at FROM events
           WHERE request_id = $1 AND run_id IS NOT NULL
           ORDER BY created_at, event_id LIMIT 1`,
          [requestId],
        )
      ).rows[0];
      return row ? { requestId: row.request_id, runId: row.run_id, at: row.created_at } : null;
    },

    async getCatchUpState() {
      const row = (await pool.query<{ state: string }>('SELECT state FROM catch_up_state WHERE id = 1')).rows[0];
      if (!row) return initialCatchUpState();
      const parsed = catchUpStateSchema.safeParse(safeJson(row.state));
      if (parsed.success) return parsed.data;
      // Starting over costs upstream reads but loses nothing: events already stored are deduped.
      log.error('stored catch-up state unreadable; starting from the beginning', { issues: parsed.error.issues.slice(0, 3) });
      return initialCatchUpState();
    },

    async setCatchUpState(state) {
      const parsed = catchUpStateSchema.safeParse(state);
      if (!parsed.success)
        throw new TypeError(`catch-up state not saved: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
      await pool.query(
        `INSERT INTO catch_up_state (id, state, updated_at) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
        [JSON.stringify(parsed.data), now().toISOString()],
      );
    },

    async markDeliverySeen(deliveryId) {
      if (typeof deliveryId !== 'string' || deliveryId.length === 0 || deliveryId.length > MAX_DELIVERY_ID_LENGTH) {
        throw new TypeError(`a delivery id must be 1 to ${MAX_DELIVERY_ID_LENGTH} characters`);
      }
      const at = now().getTime();
      // A row older than the retention counts as unseen even before the pruner removed it.
      const result = await pool.query(
        `INSERT INTO webhook_deliveries (delivery_id, seen_at) VALUES ($1, $2)
         ON CONFLICT (delivery_id) DO UPDATE SET seen_at = excluded.seen_at WHERE webhook_deliveries.seen_at < $3`,
        [deliveryId, new Date(at).toISOString(), new Date(at - DELIVERY_RETENTION_MS).toISOString()],
      );
      return (result.rowCount ?? 0) > 0;
    },

    async forgetDelivery(deliveryId) {
      await pool.query('DELETE FROM webhook_deliveries WHERE delivery_id = $1', [deliveryId]);
    },

    async prune() {
      return pruneNow();
    },

    async close() {
      if (pruneTimer) clearInterval(pruneTimer);
    },
  };
}
