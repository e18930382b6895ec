import type Database from 'better-sqlite3';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditEntry, type AuditFilter } from '../../contract/audit';
import type { Logger } from '../logger';
import type { AuditEntryInput, AuditEntryKey, AuditOutcome, AuditSink } from './audit-entry';

interface AuditRow {
  id: number;
  at: number;
  action: string;
  outcome: string;
  actor: string | null;
  actor_role: string | null;
  run_id: string | null;
  subject: string | null;
  address: string | null;
  request_id: string;
  upstream_request_id: string | null;
  detail: string | null;
}

/** Free-text columns are capped so a hostile value cannot bloat the log. */
const MAX_TEXT = 256;
const DEFAULT_PAGE_SIZE = 50;
/** Most rows one run's history returns; a run with more is an anomaly worth a full export. */
const RUN_HISTORY_LIMIT = 500;

function text(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  return value.length > MAX_TEXT ? value.slice(0, MAX_TEXT) : value;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    // Rows are only written through `record`, which accepts the typed unions; the fallbacks guard
    // against a hand-edited file rather than a code path.
    action: (AUDIT_ACTIONS as readonly string[]).includes(row.action) ? (row.action as AuditEntry['action']) : 'account.created',
    outcome: (AUDIT_OUTCOMES as readonly string[]).includes(row.outcome) ? (row.outcome as AuditEntry['outcome']) : 'failed',
    actor: row.actor,
    actorRole: row.actor_role,
    runId: row.run_id,
    subject: row.subject,
    address: row.address,
    requestId: row.request_id,
    upstreamRequestId: row.upstream_request_id,
    detail: row.detail,
  };
}

function whereClause(filter: AuditFilter): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.actor) {
    conditions.push('actor = ? COLLATE NOCASE');
    params.push(filter.actor);
  }
  if (filter.action) {
    conditions.push('action = ?');
    params.push(filter.action);
  }
  if (filter.runId) {
    conditions.push('run_id = ?');
    params.push(filter.runId);
  }
  if (filter.from) {
    conditions.push('at >= ?');
    params.push(Date.parse(filter.from));
  }
  if (filter.to) {
    conditions.push('at < ?');
    params.push(Date.parse(filter.to));
  }
  if (filter.cursor) {
    conditions.push('id < ?');
    params.push(Number(filter.cursor));
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/**
 * The audit log table: append-only from the application's point of view, except that a run
 * action's outcome may be settled later (`updateOutcome`); nothing is ever deleted here. `record`
 * and `updateOutcome` swallow their own failures — an audit write must never turn a successful
 * cancel into an error — but log them loudly.
 */
export class AuditStore implements AuditSink {
  constructor(
    private readonly db: Database.Database,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  record(entry: AuditEntryInput): void {
    try {
      this.db
        .prepare(
          `INSERT INTO audit_log (at, action, outcome, actor, actor_role, run_id, subject, address, request_id, upstream_request_id, detail)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          this.now(),
          entry.action,
          entry.outcome,
          text(entry.actor),
          text(entry.actorRole),
          text(entry.runId),
          text(entry.subject),
          text(entry.address),
          text(entry.requestId) ?? '',
          text(entry.upstreamRequestId),
          text(entry.detail),
        );
      this.persist();
    } catch (error) {
      this.log.error('audit entry could not be written', { action: entry.action, runId: entry.runId ?? null, error });
    }
  }

  /**
   * Copies the write-ahead log into the database file, so an acknowledged entry is in
   * accounts.sqlite itself and survives the -wal file being lost or deleted after a crash. Costs one
   * or two fsyncs per audit write (a few ms on a typical disk); the other writes to this database
   * (sessions, sign-in counts) stay at WAL speed. A checkpoint held up by another reader (the users
   * command) is finished by the next one.
   */
  private persist(): void {
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      // The entry is written (in the WAL); the next audit write's checkpoint copies it over.
      this.log.warn('audit entry written but not yet copied into the database file', { error });
    }
  }

  updateOutcome(key: AuditEntryKey, outcome: AuditOutcome, detail?: string | null): void {
    try {
      this.db
        .prepare('UPDATE audit_log SET outcome = ?, detail = COALESCE(?, detail) WHERE run_id = ? AND request_id = ? AND action = ?')
        .run(outcome, text(detail), text(key.runId), text(key.requestId) ?? '', key.action);
      this.persist();
    } catch (error) {
      this.log.error('audit outcome could not be updated', { action: key.action, runId: key.runId, error });
    }
  }

  /** One page, newest first. */
  list(filter: AuditFilter): { entries: AuditEntry[]; nextCursor: string | null } {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const where = whereClause(filter);
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${where.sql} ORDER BY id DESC LIMIT ?`)
      .all(...where.params, limit + 1) as AuditRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { entries: page.map(toEntry), nextCursor: rows.length > limit && last ? String(last.id) : null };
  }

  /** Every matching entry, newest first, without loading them all at once (CSV export). */
  *iterate(filter: Omit<AuditFilter, 'limit'>, max: number): Generator<AuditEntry> {
    const where = whereClause(filter);
    const statement = this.db.prepare(`SELECT * FROM audit_log ${where.sql} ORDER BY id DESC LIMIT ?`);
    for (const row of statement.iterate(...where.params, max) as Iterable<AuditRow>) yield toEntry(row);
  }

  /** A run's actions, oldest first. */
  forRun(runId: string): AuditEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM (SELECT * FROM audit_log WHERE run_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id ASC')
      .all(runId, RUN_HISTORY_LIMIT) as AuditRow[];
    return rows.map(toEntry);
  }
}
