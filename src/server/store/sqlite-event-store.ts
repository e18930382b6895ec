import path from 'node:path';
import type Database from 'better-sqlite3';
import type { RunResult, RunStatus } from '@/contract/run-status';
import type { Logger } from '../logger';
import {
  initialCatchUpState,
  InvalidRunFilterError,
  type EventSource,
  type EventStore,
  type IngestResult,
  type RejectedEvent,
  type RequestLookup,
  type RunIndexFilter,
  type RunIndexPage,
  type RunIndexSnapshot,
  type StatusHistoryEntry,
} from './event-store';
import { canonicalInstant } from './canonical-time';
import { SettledReads } from './settled-reads';
import { openDatabase, type Migration } from './open-database';
import {
  catchUpStateSchema,
  cleanErrors,
  codesOf,
  decodeCursor,
  distinct,
  emptyToNull,
  encodeCursor,
  filterFingerprint,
  fromRunRow,
  indexCandidate,
  isOlder,
  MAX_DELIVERY_ID_LENGTH,
  runErrorRows,
  safeJson,
  summaryOf,
  toRunRow,
  validateEvent,
  whereSql,
  type IndexCandidate,
  type RunRow,
  type ValidEvent,
} from './run-index-rules';

/**
 * The event store on one SQLite file. Every method is async although better-sqlite3 is not, so a
 * PostgreSQL engine can stand behind the same interface; for the same reason the SQL sticks to what
 * both engines read alike: TEXT timestamps in one fixed ISO 8601 form (so they compare lexically),
 * `INSERT … ON CONFLICT`, keyset paging, no engine-specific functions. Tables and rules are
 * described in docs/event-store.md.
 */

export const EVENTS_FILE = 'events.sqlite';

/** The upstream keeps events 30 days; so does Runwatch. */
export const EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** Webhook retries end within minutes; a day of delivery ids covers them with room to spare. */
export const DELIVERY_RETENTION_MS = 24 * 60 * 60 * 1000;
const DEFAULT_PRUNE_INTERVAL_MS = 60 * 60 * 1000;
export const MAX_LIST_LIMIT = 1000;

export const EVENT_STORE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        status TEXT,
        upstream_status TEXT NOT NULL,
        result TEXT,
        task_id TEXT,
        agent_id TEXT,
        source_id TEXT,
        credential_id TEXT,
        session_id TEXT,
        workflow_id TEXT,
        runtime_ms BIGINT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        error_codes TEXT NOT NULL,
        interaction_type TEXT,
        applied_at TEXT NOT NULL,
        applied_rank INTEGER NOT NULL,
        indexed_at TEXT NOT NULL
      );
      CREATE INDEX runs_by_created ON runs (created_at, run_id);
      CREATE INDEX runs_by_status ON runs (status, upstream_status);
      CREATE TABLE events (
        event_id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        created_at TEXT NOT NULL,
        run_id TEXT,
        request_id TEXT,
        status TEXT,
        upstream_status TEXT,
        status_rank INTEGER,
        result TEXT,
        runtime_ms BIGINT,
        source TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE INDEX events_by_run ON events (run_id, created_at);
      CREATE INDEX events_by_request ON events (request_id);
      CREATE INDEX events_by_time ON events (created_at);
      CREATE TABLE webhook_deliveries (
        delivery_id TEXT PRIMARY KEY,
        seen_at TEXT NOT NULL
      );
      CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (seen_at);
      CREATE TABLE catch_up_state (
        id INTEGER PRIMARY KEY,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    // Errors with their type (NULL: not known yet), and one row per error so lists filter by code
    // and group without reading JSON.
    version: 2,
    sql: `
      ALTER TABLE runs ADD COLUMN errors TEXT;
      CREATE TABLE run_errors (
        run_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        error_type TEXT,
        error_group TEXT NOT NULL,
        code TEXT,
        PRIMARY KEY (run_id, position)
      );
      CREATE INDEX run_errors_by_code ON run_errors (code, run_id);
      CREATE INDEX run_errors_by_group ON run_errors (error_group, run_id);
      CREATE INDEX runs_failed_by_update ON runs (status, updated_at);
    `,
  },
];

export interface SqliteEventStore extends EventStore {
  readonly file: string;
  /** Drops events older than 30 days and delivery ids older than 24 h; also runs on open and on a timer. */
  prune(): Promise<{ events: number; deliveries: number }>;
}

export interface SqliteEventStoreOptions {
  dataDir: string;
  log: Logger;
  now?: () => Date;
  /** How often to prune; 0 turns the timer off (pruning on open still happens). */
  pruneIntervalMs?: number;
}

interface HistoryRow {
  event_id: string;
  type: string;
  created_at: string;
  status: string | null;
  upstream_status: string;
  result: string | null;
  runtime_ms: number | null;
}

export function openSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  const file = path.join(options.dataDir, EVENTS_FILE);
  const log = options.log.child({ component: 'event-store' });
  const now = options.now ?? (() => new Date());
  // A damaged file is moved aside and a new one started: the catch-up reader then back-fills the
  // window again from the upstream, which still has it.
  const db = openDatabase(file, EVENT_STORE_MIGRATIONS, log);

  const statements = {
    insertEvent: db.prepare<
      [string, string, string, string | null, string | null, string | null, string | null, number | null, string | null, number | null, string, string]
    >(
      `INSERT INTO events (event_id, type, created_at, run_id, request_id, status, upstream_status, status_rank, result, runtime_ms, source, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (event_id) DO NOTHING`,
    ),
    runRow: db.prepare<[string], RunRow>('SELECT * FROM runs WHERE run_id = ?'),
    upsertRun: db.prepare(
      `INSERT INTO runs (run_id, status, upstream_status, result, task_id, agent_id, source_id, credential_id, session_id, workflow_id,
         runtime_ms, created_at, updated_at, error_codes, interaction_type, errors, applied_at, applied_rank, indexed_at)
       VALUES (@run_id, @status, @upstream_status, @result, @task_id, @agent_id, @source_id, @credential_id, @session_id, @workflow_id,
         @runtime_ms, @created_at, @updated_at, @error_codes, @interaction_type, @errors, @applied_at, @applied_rank, @indexed_at)
       ON CONFLICT (run_id) DO UPDATE SET
         status = excluded.status, upstream_status = excluded.upstream_status, result = excluded.result,
         task_id = excluded.task_id, agent_id = excluded.agent_id, source_id = excluded.source_id,
         credential_id = excluded.credential_id, session_id = excluded.session_id, workflow_id = excluded.workflow_id,
         runtime_ms = excluded.runtime_ms, created_at = excluded.created_at, updated_at = excluded.updated_at,
         error_codes = excluded.error_codes, interaction_type = excluded.interaction_type, errors = excluded.errors,
         applied_at = excluded.applied_at, applied_rank = excluded.applied_rank, indexed_at = excluded.indexed_at`,
    ),
    history: db.prepare<[string], HistoryRow>(
      `SELECT event_id, type, created_at, status, upstream_status, result, runtime_ms FROM events
       WHERE run_id = ? AND upstream_status IS NOT NULL
       ORDER BY created_at, status_rank, event_id`,
    ),
    lookupRequest: db.prepare<[string], { request_id: string; run_id: string; created_at: string }>(
      `SELECT request_id, run_id, created_at FROM events
       WHERE request_id = ? AND run_id IS NOT NULL
       ORDER BY created_at, event_id LIMIT 1`,
    ),
    setErrors: db.prepare<[string, string, string, string]>('UPDATE runs SET errors = ?, error_codes = ?, indexed_at = ? WHERE run_id = ?'),
    deleteRunErrors: db.prepare<[string]>('DELETE FROM run_errors WHERE run_id = ?'),
    insertRunError: db.prepare<[string, number, string | null, string, string | null]>(
      'INSERT INTO run_errors (run_id, position, error_type, error_group, code) VALUES (?, ?, ?, ?, ?)',
    ),
    failedWithoutErrors: db.prepare<[number], { run_id: string }>(
      `SELECT run_id FROM runs WHERE status = 'failed' AND errors IS NULL ORDER BY updated_at DESC, run_id DESC LIMIT ?`,
    ),
    catchUpState: db.prepare<[], { state: string }>('SELECT state FROM catch_up_state WHERE id = 1'),
    saveCatchUpState: db.prepare<[string, string]>(
      `INSERT INTO catch_up_state (id, state, updated_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
    ),
    // A row older than the retention counts as unseen even before the pruner removed it.
    markDelivery: db.prepare<[string, string, string]>(
      `INSERT INTO webhook_deliveries (delivery_id, seen_at) VALUES (?, ?)
       ON CONFLICT (delivery_id) DO UPDATE SET seen_at = excluded.seen_at WHERE webhook_deliveries.seen_at < ?`,
    ),
    forgetDelivery: db.prepare<[string]>('DELETE FROM webhook_deliveries WHERE delivery_id = ?'),
    pruneEvents: db.prepare<[string]>('DELETE FROM events WHERE created_at < ?'),
    pruneDeliveries: db.prepare<[string]>('DELETE FROM webhook_deliveries WHERE seen_at < ?'),
  };
  /** Reads that found nothing to change; every write of a run forgets its note (see applyAndSettle). */
  // Sound only because this process is the file's one writer: on PostgreSQL another replica may write the run unseen, so a note could hide a change.
  const settledReads = new SettledReads();
  /** Filtered list and count queries, one prepared statement per filter shape. */
  const queryCache = new Map<string, Database.Statement>();
  function query(sql: string): Database.Statement {
    let statement = queryCache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      queryCache.set(sql, statement);
    }
    return statement;
  }

  /**
   * Applies a snapshot if it is not older than what the index holds for its run (ties go to the
   * status further along). Returns whether the stored summary changed.
   */
  function applyToIndex(candidate: IndexCandidate, indexedAt: string): boolean {
    return applyAndSettle(candidate, indexedAt).changed;
  }

  /**
   * `applyToIndex`, also telling whether the same candidate applied again to the row as it now
   * stands would write nothing (`settled`). Every apply forgets the run's settled read first, so a
   * row is never compared against a note taken before the row was last written.
   */
  function applyAndSettle({ snapshot, appliedAt, rank, fromEvent }: IndexCandidate, indexedAt: string): { changed: boolean; settled: boolean } {
    settledReads.forget(snapshot.runId);
    const current = statements.runRow.get(snapshot.runId);
    if (current && isOlder({ appliedAt, rank }, { appliedAt: current.applied_at, rank: current.applied_rank })) {
      const filled = fillErrors(snapshot, current, indexedAt);
      return { changed: filled, settled: !filled };
    }
    const row = toRunRow(snapshot, current, fromEvent);
    const changed = !current || summaryOf(current) !== summaryOf(row);
    if (!changed && current.applied_at === appliedAt && current.applied_rank === rank) return { changed: false, settled: true };
    const written: RunRow = { ...row, applied_at: appliedAt, applied_rank: rank };
    statements.upsertRun.run({ ...written, indexed_at: indexedAt });
    if (!current || row.errors !== current.errors || row.error_codes !== current.error_codes) writeRunErrors(snapshot.runId, row.errors, row.error_codes);
    // Settled when the same snapshot applied to the row just written would change nothing more.
    return { changed, settled: summaryOf(toRunRow(snapshot, written, fromEvent)) === summaryOf(written) };
  }

  /**
   * A read stamped a little before the event the index holds (a run's updated_at can trail the
   * event that reported it) still tells the errors of the same state: they fill an index entry
   * that has none, and nothing else of the newer entry changes.
   */
  function fillErrors(snapshot: RunIndexSnapshot, current: RunRow, indexedAt: string): boolean {
    if (current.errors !== null || current.upstream_status !== snapshot.upstreamStatus || !Array.isArray(snapshot.errors)) return false;
    const errors = JSON.stringify(cleanErrors(snapshot.errors));
    const errorCodes = JSON.stringify(codesOf(cleanErrors(snapshot.errors)));
    statements.setErrors.run(errors, errorCodes, indexedAt, snapshot.runId);
    writeRunErrors(snapshot.runId, errors, errorCodes);
    return true;
  }

  function writeRunErrors(runId: string, errors: string | null, errorCodes: string): void {
    statements.deleteRunErrors.run(runId);
    for (const row of runErrorRows(errors, errorCodes)) statements.insertRunError.run(runId, row.position, row.type, row.group, row.code);
  }

  const ingestBatch = db.transaction((events: ValidEvent[], source: EventSource, receivedAt: string) => {
    let inserted = 0;
    let duplicates = 0;
    // Only the newest snapshot of each run in the batch can end up in the index: one write per run.
    const newest = new Map<string, IndexCandidate>();
    for (const { event, createdAt, runId, candidate } of events) {
      const run = candidate?.snapshot ?? null;
      const stored = statements.insertEvent.run(
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
      );
      if (stored.changes === 0) {
        duplicates++;
        continue;
      }
      inserted++;
      if (!candidate) continue;
      const held = newest.get(candidate.snapshot.runId);
      if (!held || !isOlder(candidate, held)) newest.set(candidate.snapshot.runId, candidate);
    }
    const changedRunIds = [...newest.values()].filter((candidate) => applyToIndex(candidate, receivedAt)).map((candidate) => candidate.snapshot.runId);
    return { inserted, duplicates, changedRunIds };
  });

  // Reads carry no event ids to dedupe on, so each snapshot is compared with the index as it comes.
  // Returns the runs whose read left the row as it found it (`settled`), for `settledReads` once committed.
  const upsertBatch = db.transaction((reads: { candidate: IndexCandidate; fingerprint: string }[], indexedAt: string) => {
    const changed = new Set<string>();
    const settled = new Map<string, string>();
    for (const { candidate, fingerprint } of reads) {
      const outcome = applyAndSettle(candidate, indexedAt);
      if (outcome.changed) changed.add(candidate.snapshot.runId);
      if (outcome.settled) settled.set(candidate.snapshot.runId, fingerprint);
      else settled.delete(candidate.snapshot.runId);
    }
    return { changed: [...changed], settled };
  });

  function pruneNow(): { events: number; deliveries: number } {
    const at = now().getTime();
    const events = statements.pruneEvents.run(new Date(at - EVENT_RETENTION_MS).toISOString()).changes;
    const deliveries = statements.pruneDeliveries.run(new Date(at - DELIVERY_RETENTION_MS).toISOString()).changes;
    if (events > 0 || deliveries > 0) log.info('pruned old events and delivery ids', { events, deliveries });
    return { events, deliveries };
  }

  pruneNow();
  const pruneIntervalMs = options.pruneIntervalMs ?? DEFAULT_PRUNE_INTERVAL_MS;
  const pruneTimer =
    pruneIntervalMs > 0
      ? setInterval(() => {
          try {
            pruneNow();
          } catch (error) {
            log.error('pruning the event store failed', { error });
          }
        }, pruneIntervalMs)
      : null;
  pruneTimer?.unref();

  return {
    file,

    async ingest(events, source) {
      const valid: ValidEvent[] = [];
      const rejected: RejectedEvent[] = [];
      for (const event of events) {
        const checked = validateEvent(event);
        if ('reason' in checked) rejected.push({ eventId: String(event.id), reason: checked.reason });
        else valid.push(checked);
      }
      const result: IngestResult = ingestBatch(valid, source, now().toISOString());
      return rejected.length > 0 ? { ...result, rejected } : result;
    },

    async upsertRuns(runs) {
      const reads: { candidate: IndexCandidate; fingerprint: string }[] = [];
      for (const run of runs) {
        // A read that tells the index what it already holds (a page polling a run that did not
        // change) costs no transaction.
        const fingerprint = settledReads.fingerprintOf(run);
        if (settledReads.holds(run.runId, fingerprint)) continue;
        const updatedAt = canonicalInstant(run.updatedAt);
        const candidate = updatedAt === null ? null : indexCandidate(run, updatedAt, null, false);
        if (candidate) reads.push({ candidate, fingerprint });
        else
          log.warn('run not indexed: its created_at or updated_at is not an ISO 8601 timestamp', {
            runId: run.runId,
            createdAt: run.createdAt,
            updatedAt: run.updatedAt,
          });
      }
      if (reads.length === 0) return [];
      const { changed, settled } = upsertBatch(reads, now().toISOString());
      for (const [runId, fingerprint] of settled) settledReads.note(runId, fingerprint);
      return changed;
    },

    async getRun(runId) {
      const row = statements.runRow.get(runId);
      return row ? fromRunRow(row) : null;
    },

    async listRuns(filter, page) {
      if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_LIST_LIMIT) {
        throw new RangeError(`limit must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${page.limit}`);
      }
      const where = filterClause(filter);
      const fingerprint = filterFingerprint(filter);
      // An empty cursor (`?cursor=`) asks for the first page, like none at all.
      if (page.cursor !== null && page.cursor !== undefined && page.cursor !== '') {
        const position = decodeCursor(page.cursor, fingerprint);
        where.clauses.push('(created_at < ? OR (created_at = ? AND run_id < ?))');
        where.params.push(position.c, position.c, position.r);
      }
      const sql = `SELECT * FROM runs ${whereSql(where.clauses)} ORDER BY created_at DESC, run_id DESC LIMIT ?`;
      const rows = query(sql).all(...where.params, page.limit + 1) as RunRow[];
      const more = rows.length > page.limit;
      const shown = more ? rows.slice(0, page.limit) : rows;
      const last = shown.at(-1);
      return {
        runs: shown.map(fromRunRow),
        nextCursor: more && last ? encodeCursor(last.created_at, last.run_id, fingerprint) : null,
      } satisfies RunIndexPage;
    },

    async countByStatus(filter = {}) {
      const where = filterClause(filter);
      const sql = `SELECT status, upstream_status, COUNT(*) AS runs FROM runs ${whereSql(where.clauses)} GROUP BY status, upstream_status`;
      const counts: Record<string, number> = {};
      for (const row of query(sql).all(...where.params) as { status: string | null; upstream_status: string; runs: number }[]) {
        const key = row.status ?? row.upstream_status;
        counts[key] = (counts[key] ?? 0) + Number(row.runs);
      }
      return counts;
    },

    async statusHistory(runId) {
      return statements.history.all(runId).map((row): StatusHistoryEntry => ({
        status: row.status as RunStatus | null,
        upstreamStatus: row.upstream_status,
        at: row.created_at,
        eventId: row.event_id,
        eventType: row.type,
        result: row.result as RunResult | null,
        runtimeMs: row.runtime_ms,
      }));
    },

    async failedRunsWithoutErrors(limit) {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT)
        throw new RangeError(`limit must be an integer from 1 to ${MAX_LIST_LIMIT}, got ${limit}`);
      return statements.failedWithoutErrors.all(limit).map((row) => row.run_id);
    },

    async lookupRequest(requestId): Promise<RequestLookup | null> {
      const row = statements.lookupRequest.get(requestId);
      return row ? { requestId: row.request_id, runId: row.run_id, at: row.created_at } : null;
    },

    async getCatchUpState() {
      const row = statements.catchUpState.get();
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
      statements.saveCatchUpState.run(JSON.stringify(parsed.data), now().toISOString());
    },

    async markDeliverySeen(deliveryId) {
      if (typeof deliveryId !== 'string' || deliveryId.length === 0 || deliveryId.length > MAX_DELIVERY_ID_LENGTH) {
        throw new TypeError(`a delivery id must be 1 to ${MAX_DELIVERY_ID_LENGTH} characters`);
      }
      const at = now().getTime();
      const result = statements.markDelivery.run(deliveryId, new Date(at).toISOString(), new Date(at - DELIVERY_RETENTION_MS).toISOString());
      return result.changes > 0;
    },

    async forgetDelivery(deliveryId) {
      statements.forgetDelivery.run(deliveryId);
    },

    async prune() {
      return pruneNow();
    },

    async close() {
      if (pruneTimer) clearInterval(pruneTimer);
      // A read after close fails as any write does, not as one found to change nothing.
      settledReads.clear();
      if (db.open) db.close();
    },
  };
}

interface WhereClause {
  clauses: string[];
  params: string[];
}

function filterClause(filter: RunIndexFilter): WhereClause {
  const clauses: string[] = [];
  const params: string[] = [];
  const statuses = distinct(filter.statuses);
  if (statuses.length > 0) {
    const marks = placeholders(statuses.length);
    clauses.push(`(status IN (${marks}) OR upstream_status IN (${marks}))`);
    params.push(...statuses, ...statuses);
  }
  const outcomes = distinct(filter.outcomes);
  if (outcomes.length > 0) {
    clauses.push(`result IN (${placeholders(outcomes.length)})`);
    params.push(...outcomes);
  }
  for (const [column, value] of [
    ['task_id', filter.taskId],
    ['source_id', filter.sourceId],
    ['agent_id', filter.agentId],
    ['credential_id', filter.credentialId],
  ] as const) {
    if (value !== undefined && value !== '') {
      clauses.push(`${column} = ?`);
      params.push(value);
    }
  }
  for (const [field, operator, value] of [
    ['createdAfter', '>', filter.createdAfter],
    ['createdBefore', '<', filter.createdBefore],
  ] as const) {
    if (value === undefined || value === '') continue;
    const at = canonicalInstant(value);
    if (at === null) throw new InvalidRunFilterError(field, `${JSON.stringify(value)} is not an ISO 8601 timestamp`);
    clauses.push(`created_at ${operator} ?`);
    params.push(at);
  }
  for (const [column, values] of [
    ['code', distinct(filter.errorCodes)],
    ['error_group', distinct(filter.errorGroups)],
  ] as const) {
    if (values.length === 0) continue;
    clauses.push(`EXISTS (SELECT 1 FROM run_errors WHERE run_errors.run_id = runs.run_id AND run_errors.${column} IN (${placeholders(values.length)}))`);
    params.push(...values);
  }
  return { clauses, params };
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
