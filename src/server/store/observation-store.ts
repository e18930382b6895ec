import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { TimelineEntry, TimelineResponse } from '@/contract/bff';
import type { RunResult, RunStatus } from '@/contract/run-status';
import type { Logger } from '../logger';
import { instantOf, isOlder, newerInstant, observationSignature, planObservationWrite, REQUEST_ID_RETENTION_DAYS, timelineEntryOf } from './observation-rules';
import { openDatabase, type Migration } from './open-database';

/**
 * What Runwatch has seen of each run: the status history as its own reads saw it (the timeline
 * route merges it with the upstream's event log, see src/server/runs/timeline-merge.ts) and every
 * upstream `request_id` with the run it belongs to. Writes happen only when something changed,
 * and a failing write is logged, never passed to the caller — observations must not break reads.
 *
 * Writes are taken off the response path: `recordRun` and `recordRequestId` queue what they were
 * given (stamped with the time it was seen) and the queue is written in one transaction shortly
 * after. Every read of the store (and `close`) writes the queue first, so callers always see what
 * was recorded; a crash loses at most the last half second of observations.
 *
 * Reads finish out of order (a list read and a detail read of the same run, say), so an observation
 * whose `upstreamUpdatedAt` is older than the newest one already seen for its run is dropped: the
 * timeline never goes back to a state the upstream has left. Its request id is still indexed.
 *
 * This file holds the engine-neutral interface and its SQLite implementation (one `observations.sqlite`
 * per process); src/server/store/postgres/postgres-observation-store.ts keeps the same in the shared
 * database. Both decide writes by src/server/store/observation-rules.ts.
 *
 * If the database file is deleted while the server runs, `checkFile()` (called on a timer and
 * after any failed write) notices and starts a new file; what was only in the deleted file is gone.
 */

export const OBSERVATIONS_FILE = 'observations.sqlite';

/**
 * Queued writes wait this long, so a busy server commits many reads in one transaction (each
 * upstream read brings a new request id to index). Request ids are random, so each lands on its own
 * page of the index and a commit writes every page it touched: the more rows a commit carries, the
 * more of them share a page (in an index of 40,000 ids, commits of 500 rows cost a half to two
 * thirds of the CPU per row that commits of 50 do). Reads of the store write the queue first, so
 * they never wait for it.
 */
const WRITE_DELAY_MS = 500;
/** Queued writes beyond this are written at once. */
const MAX_QUEUED_WRITES = 1000;

export const OBSERVATION_MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        first_observed_at TEXT NOT NULL,
        last_observed_at TEXT NOT NULL,
        upstream_updated_at TEXT,
        runtime_ms INTEGER
      );
      CREATE TABLE status_observations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        status TEXT NOT NULL,
        upstream_status TEXT NOT NULL,
        observed_at TEXT NOT NULL,
        upstream_updated_at TEXT,
        runtime_ms INTEGER,
        result TEXT,
        error_codes TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX status_observations_by_run ON status_observations (run_id, id);
      CREATE TABLE request_ids (
        request_id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        observed_at TEXT NOT NULL
      );
      CREATE INDEX request_ids_by_time ON request_ids (observed_at);
    `,
  },
];

/** The facts of one run read that the store keeps. */
export interface RunObservation {
  runId: string;
  /** null: a status Runwatch does not recognise (`upstreamStatus` says which); kept in the timeline all the same. */
  status: RunStatus | null;
  upstreamStatus: string;
  upstreamUpdatedAt: string | null;
  runtimeMs: number | null;
  result: RunResult | null;
  errorCodes: string[];
}

export interface RequestLookup {
  requestId: string;
  runId: string;
  observedAt: string;
}

export interface ObservationStore {
  /**
   * Records a run as just read from the upstream (with the request id of that read, if any).
   * Queued and returns at once: the write never holds up the read that made it, and never throws.
   */
  recordRun(observation: RunObservation, upstreamRequestId?: string | null): void;
  recordRequestId(requestId: string, runId: string): void;
  /** Writes the queue first, so it always includes what was recorded. */
  timeline(runId: string): Promise<TimelineResponse>;
  lookupRequest(requestId: string): Promise<RequestLookup | null>;
  /** Whether any read ever observed this run (before a restart too, or on another replica). */
  isKnownRun(runId: string): Promise<boolean>;
  /** Writes what is queued, then closes. */
  close(): Promise<void>;
}

/** The SQLite engine: one file in the data dir. */
export interface SqliteObservationStore extends ObservationStore {
  readonly file: string;
  /** Recreates the database when its file has disappeared. */
  checkFile(): void;
}

export interface ObservationStoreOptions {
  dataDir: string;
  log: Logger;
  now?: () => Date;
  /** How often to check that the file still exists; 0 turns the timer off. */
  checkIntervalMs?: number;
}

interface Statements {
  lastObservation: Database.Statement<
    [string],
    { status: string; upstream_status: string; result: string | null; error_codes: string; upstream_updated_at: string | null; runtime_ms: number | null }
  >;
  insertObservation: Database.Statement<[string, string, string, string, string | null, number | null, string | null, string]>;
  upsertRun: Database.Statement<[string, string, string, string | null, number | null]>;
  insertRequestId: Database.Statement<[string, string, string]>;
  runRow: Database.Statement<[string], { first_observed_at: string }>;
  newestUpdate: Database.Statement<[string], { upstream_updated_at: string | null }>;
  observations: Database.Statement<
    [string],
    {
      status: string;
      upstream_status: string;
      observed_at: string;
      upstream_updated_at: string | null;
      runtime_ms: number | null;
      result: string | null;
      error_codes: string;
    }
  >;
  lookup: Database.Statement<[string], { request_id: string; run_id: string; observed_at: string }>;
  pruneRequestIds: Database.Statement<[string]>;
}

export function openObservationStore(options: ObservationStoreOptions): SqliteObservationStore {
  const file = path.join(options.dataDir, OBSERVATIONS_FILE);
  const log = options.log.child({ component: 'observations' });
  const now = options.now ?? (() => new Date());

  let db: Database.Database;
  let statements: Statements;
  /**
   * Per run, the signature last recorded (or queued), so an unchanged poll costs no write, and the
   * newest upstream update time seen, so a late reply of an older read is dropped before queueing.
   */
  const lastSeen = new Map<string, { signature: string; newest: number | null }>();
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
  let queuedRuns: QueuedRun[] = [];
  let queuedRequestIds: QueuedRequestId[] = [];
  let flushTimer: NodeJS.Timeout | null = null;

  function open(): void {
    db = openDatabase(file, OBSERVATION_MIGRATIONS, log);
    statements = {
      lastObservation: db.prepare(
        'SELECT status, upstream_status, result, error_codes, upstream_updated_at, runtime_ms FROM status_observations WHERE run_id = ? ORDER BY id DESC LIMIT 1',
      ),
      insertObservation: db.prepare(
        'INSERT INTO status_observations (run_id, status, upstream_status, observed_at, upstream_updated_at, runtime_ms, result, error_codes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      upsertRun: db.prepare(
        `INSERT INTO runs (run_id, first_observed_at, last_observed_at, upstream_updated_at, runtime_ms) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (run_id) DO UPDATE SET last_observed_at = excluded.last_observed_at,
           upstream_updated_at = excluded.upstream_updated_at, runtime_ms = excluded.runtime_ms`,
      ),
      insertRequestId: db.prepare('INSERT OR IGNORE INTO request_ids (request_id, run_id, observed_at) VALUES (?, ?, ?)'),
      runRow: db.prepare('SELECT first_observed_at FROM runs WHERE run_id = ?'),
      newestUpdate: db.prepare('SELECT upstream_updated_at FROM runs WHERE run_id = ?'),
      observations: db.prepare(
        'SELECT status, upstream_status, observed_at, upstream_updated_at, runtime_ms, result, error_codes FROM status_observations WHERE run_id = ? ORDER BY id',
      ),
      lookup: db.prepare('SELECT request_id, run_id, observed_at FROM request_ids WHERE request_id = ?'),
      pruneRequestIds: db.prepare('DELETE FROM request_ids WHERE observed_at < ?'),
    };
    lastSeen.clear();
    const cutoff = new Date(now().getTime() - REQUEST_ID_RETENTION_DAYS * 86_400_000).toISOString();
    statements.pruneRequestIds.run(cutoff);
  }

  function checkFile(): void {
    // What was queued before the check belongs to the file as it was.
    flush();
    if (fs.existsSync(file)) return;
    log.error('observations database file disappeared; starting a new one', { file });
    try {
      db.close();
    } catch {
      // The old handle may already be unusable; a new one replaces it either way.
    }
    open();
  }

  /** Runs a write; on failure logs it, checks the file once, and moves on. */
  function safely(what: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      log.error('could not record observation', { what, error });
      try {
        checkFile();
      } catch (reopenError) {
        log.error('could not reopen observations database', { error: reopenError });
      }
    }
  }

  const signature = observationSignature;

  function remember(runId: string, seen: { signature: string; newest: number | null }): void {
    lastSeen.delete(runId);
    lastSeen.set(runId, seen);
    if (lastSeen.size > MAX_REMEMBERED) lastSeen.delete(lastSeen.keys().next().value as string);
  }

  function writeRun({ observation: o, at }: QueuedRun): void {
    const last = statements.lastObservation.get(o.runId);
    const stored = statements.newestUpdate.get(o.runId)?.upstream_updated_at ?? null;
    const plan = planObservationWrite(o, last, stored);
    if (!plan) return;
    if (plan.addEntry) {
      statements.insertObservation.run(o.runId, plan.status, o.upstreamStatus, at, o.upstreamUpdatedAt, o.runtimeMs, o.result, plan.errorCodes);
    }
    statements.upsertRun.run(o.runId, at, at, plan.keptUpdatedAt, o.runtimeMs);
  }

  /** Writes everything queued in one transaction. */
  function flush(): void {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (queuedRuns.length === 0 && queuedRequestIds.length === 0) return;
    const runs = queuedRuns;
    const requestIds = queuedRequestIds;
    queuedRuns = [];
    queuedRequestIds = [];
    safely(runs.length > 0 ? 'run' : 'request id', () => {
      try {
        db.transaction(() => {
          for (const run of runs) writeRun(run);
          for (const r of requestIds) statements.insertRequestId.run(r.requestId, r.runId, r.at);
        })();
      } catch (error) {
        // Not written: the next read of these runs must try again.
        for (const run of runs) if (lastSeen.get(run.observation.runId)?.signature === run.signature) lastSeen.delete(run.observation.runId);
        throw error;
      }
    });
  }

  function scheduleFlush(): void {
    // A closed database fails at once, so the failure is logged while the caller is still here.
    if (!db.open || queuedRuns.length + queuedRequestIds.length >= MAX_QUEUED_WRITES) {
      flush();
      return;
    }
    if (flushTimer) return;
    flushTimer = setTimeout(flush, WRITE_DELAY_MS);
    // `close()` writes what is queued; the timer alone must not keep the process alive.
    flushTimer.unref();
  }

  open();
  const timer = options.checkIntervalMs === 0 ? null : setInterval(() => safely('file check', checkFile), options.checkIntervalMs ?? 5000);
  timer?.unref();

  return {
    file,
    recordRun(o, upstreamRequestId) {
      safely('run', () => {
        const at = now().toISOString();
        const sig = signature(o);
        const seen = lastSeen.get(o.runId);
        // The same as last recorded (an unchanged poll): nothing to write, nor any time to read.
        const instant = seen?.signature === sig ? null : instantOf(o.upstreamUpdatedAt);
        // Older than what this run already showed: a late reply, not news. (Writing checks again
        // against the file, which knows runs this map has forgotten.)
        if (seen?.signature !== sig && !isOlder(instant, seen?.newest ?? null)) {
          remember(o.runId, { signature: sig, newest: newerInstant(instant, seen?.newest ?? null) });
          queuedRuns.push({ observation: o, signature: sig, at });
        }
        if (upstreamRequestId) queuedRequestIds.push({ requestId: upstreamRequestId, runId: o.runId, at });
        scheduleFlush();
      });
    },
    recordRequestId(requestId, runId) {
      safely('request id', () => {
        queuedRequestIds.push({ requestId, runId, at: now().toISOString() });
        scheduleFlush();
      });
    },
    async timeline(runId) {
      flush();
      const run = statements.runRow.get(runId);
      const entries: TimelineEntry[] = statements.observations.all(runId).map(timelineEntryOf);
      return { runId, firstObservedAt: run?.first_observed_at ?? null, entries };
    },
    async lookupRequest(requestId) {
      flush();
      const row = statements.lookup.get(requestId);
      return row ? { requestId: row.request_id, runId: row.run_id, observedAt: row.observed_at } : null;
    },
    async isKnownRun(runId) {
      // Only a queued observation of this run can add its row: a first read of a run writes nothing first.
      if (queuedRuns.some((queued) => queued.observation.runId === runId)) flush();
      return statements.runRow.get(runId) !== undefined;
    },
    checkFile,
    // Synchronous inside: a caller that does not await still finds the queue written and the file closed.
    async close() {
      if (timer) clearInterval(timer);
      flush();
      db.close();
    },
  };
}
