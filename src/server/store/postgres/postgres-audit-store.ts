import type pg from 'pg';
import type { AuditEntry, AuditFilter } from '@/contract/audit';
import type { AuditEntryInput, AuditEntryKey, AuditOutcome } from '@/server/audit/audit-entry';
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
} from '@/server/audit/audit-store';
import type { Logger } from '@/server/logger';

const caseless = (column: string) => `lower(${column}) = lower(?)`;
/** Rows the CSV export reads per query, so a large export never holds them all at once. */
const EXPORT_PAGE = 1000;

/** `?` placeholders (shared with SQLite) as PostgreSQL's numbered ones. */
function numbered(sql: string, offset = 0): string {
  let n = offset;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * The audit log on the shared database (migration 0004-accounts): every replica appends to one
 * log. An entry is acknowledged once its INSERT has committed, i.e. is on the server's disk.
 */
export class PostgresAuditStore implements AuditStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  async record(entry: AuditEntryInput): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO audit_log (${AUDIT_INSERT_COLUMNS}) VALUES (${numbered('?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?')})`,
        auditInsertValues(entry, this.now()),
      );
    } catch (error) {
      this.log.error('audit entry could not be written', { action: entry.action, runId: entry.runId ?? null, error });
    }
  }

  async updateOutcome(key: AuditEntryKey, outcome: AuditOutcome, detail?: string | null): Promise<void> {
    try {
      await this.pool.query('UPDATE audit_log SET outcome = $1, detail = COALESCE($2, detail) WHERE run_id = $3 AND request_id = $4 AND action = $5', [
        outcome,
        auditText(detail),
        auditText(key.runId),
        auditText(key.requestId) ?? '',
        key.action,
      ]);
    } catch (error) {
      this.log.error('audit outcome could not be updated', { action: key.action, runId: key.runId, error });
    }
  }

  private async page(filter: Omit<AuditFilter, 'limit'>, limit: number): Promise<AuditRow[]> {
    const where = auditWhereClause(filter, caseless);
    const sql = numbered(`SELECT * FROM audit_log ${where.sql} ORDER BY id DESC LIMIT ?`);
    return (await this.pool.query<AuditRow>(sql, [...where.params, limit])).rows;
  }

  async list(filter: AuditFilter): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
    const limit = filter.limit ?? DEFAULT_AUDIT_PAGE_SIZE;
    const rows = await this.page(filter, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { entries: page.map(toAuditEntry), nextCursor: rows.length > limit && last ? String(last.id) : null };
  }

  async *iterate(filter: Omit<AuditFilter, 'limit'>, max: number): AsyncGenerator<AuditEntry> {
    let cursor = filter.cursor;
    let left = max;
    while (left > 0) {
      const rows = await this.page({ ...filter, cursor }, Math.min(EXPORT_PAGE, left));
      for (const row of rows) yield toAuditEntry(row);
      left -= rows.length;
      const last = rows.at(-1);
      if (!last || rows.length < EXPORT_PAGE) return;
      cursor = String(last.id);
    }
  }

  async forRun(runId: string): Promise<AuditEntry[]> {
    const rows = await this.pool.query<AuditRow>(
      'SELECT * FROM (SELECT * FROM audit_log WHERE run_id = $1 ORDER BY id DESC LIMIT $2) AS latest ORDER BY id ASC',
      [runId, RUN_HISTORY_LIMIT],
    );
    return rows.rows.map(toAuditEntry);
  }
}
