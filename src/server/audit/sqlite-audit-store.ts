import type Database from 'better-sqlite3';
import type { AuditEntry, AuditFilter } from '@/contract/audit';
import type { Logger } from '../logger';
import type { AuditEntryInput, AuditEntryKey, AuditOutcome } from './audit-entry';
import {
  AUDIT_INSERT_COLUMNS,
  DEFAULT_AUDIT_PAGE_SIZE,
  RUN_HISTORY_LIMIT,
  auditInsertValues,
  auditText,
  auditWhereClause,
  toAuditEntry,
  type AuditRow,
  type AuditStore,
} from './audit-store';

const caseless = (column: string) => `${column} = ? COLLATE NOCASE`;

/** The audit_log table of accounts.sqlite (auth-database.ts). */
export class SqliteAuditStore implements AuditStore {
  constructor(
    private readonly db: Database.Database,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  async record(entry: AuditEntryInput): Promise<void> {
    try {
      this.db.prepare(`INSERT INTO audit_log (${AUDIT_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...auditInsertValues(entry, this.now()));
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

  async updateOutcome(key: AuditEntryKey, outcome: AuditOutcome, detail?: string | null): Promise<void> {
    try {
      this.db
        .prepare('UPDATE audit_log SET outcome = ?, detail = COALESCE(?, detail) WHERE run_id = ? AND request_id = ? AND action = ?')
        .run(outcome, auditText(detail), auditText(key.runId), auditText(key.requestId) ?? '', key.action);
      this.persist();
    } catch (error) {
      this.log.error('audit outcome could not be updated', { action: key.action, runId: key.runId, error });
    }
  }

  async list(filter: AuditFilter): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
    const limit = filter.limit ?? DEFAULT_AUDIT_PAGE_SIZE;
    const where = auditWhereClause(filter, caseless);
    const rows = this.db.prepare(`SELECT * FROM audit_log ${where.sql} ORDER BY id DESC LIMIT ?`).all(...where.params, limit + 1) as AuditRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { entries: page.map(toAuditEntry), nextCursor: rows.length > limit && last ? String(last.id) : null };
  }

  async *iterate(filter: Omit<AuditFilter, 'limit'>, max: number): AsyncGenerator<AuditEntry> {
    const where = auditWhereClause(filter, caseless);
    // Read in one go: better-sqlite3 cannot serve other requests while a cursor is open across awaits.
    const rows = this.db.prepare(`SELECT * FROM audit_log ${where.sql} ORDER BY id DESC LIMIT ?`).all(...where.params, max) as AuditRow[];
    for (const row of rows) yield toAuditEntry(row);
  }

  async forRun(runId: string): Promise<AuditEntry[]> {
    const rows = this.db
      .prepare('SELECT * FROM (SELECT * FROM audit_log WHERE run_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id ASC')
      .all(runId, RUN_HISTORY_LIMIT) as AuditRow[];
    return rows.map(toAuditEntry);
  }
}
