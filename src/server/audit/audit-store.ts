import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditEntry, type AuditFilter } from '@/contract/audit';
import type { AuditEntryInput, AuditEntryKey, AuditOutcome, AuditSink } from './audit-entry';

/** An `audit_log` row as both engines store it (`at` in epoch ms; PostgreSQL returns BIGINT as text). */
export interface AuditRow {
  id: number | string;
  at: number | string;
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
export const DEFAULT_AUDIT_PAGE_SIZE = 50;
/** Most rows one run's history returns; a run with more is an anomaly worth a full export. */
export const RUN_HISTORY_LIMIT = 500;

export function auditText(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  return value.length > MAX_TEXT ? value.slice(0, MAX_TEXT) : value;
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    at: new Date(Number(row.at)).toISOString(),
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

/** The filter as SQL with `?` placeholders; `caseless` compares the actor regardless of case on each engine. */
export function auditWhereClause(filter: Omit<AuditFilter, 'limit'>, caseless: (column: string) => string): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.actor) {
    conditions.push(caseless('actor'));
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
 * The audit log, on either engine (sqlite-audit-store.ts, postgres/postgres-audit-store.ts):
 * append-only from the application's point of view, except that a run action's outcome may be
 * settled later (`updateOutcome`); nothing is ever deleted. `record` resolves once the entry is
 * durable and `record`/`updateOutcome` never reject — an audit write must never turn a successful
 * cancel into an error — but log their failures loudly.
 */
export interface AuditStore extends AuditSink {
  record(entry: AuditEntryInput): Promise<void>;
  updateOutcome(key: AuditEntryKey, outcome: AuditOutcome, detail?: string | null): Promise<void>;
  /** One page, newest first. */
  list(filter: AuditFilter): Promise<{ entries: AuditEntry[]; nextCursor: string | null }>;
  /** Every matching entry, newest first, at most `max` (CSV export). */
  iterate(filter: Omit<AuditFilter, 'limit'>, max: number): AsyncIterable<AuditEntry>;
  /** A run's actions, oldest first. */
  forRun(runId: string): Promise<AuditEntry[]>;
}

/** The columns a new entry fills, in the order of auditInsertValues. */
export const AUDIT_INSERT_COLUMNS = 'at, action, outcome, actor, actor_role, run_id, subject, address, request_id, upstream_request_id, detail';

/** A new entry's column values, free text capped. */
export function auditInsertValues(entry: AuditEntryInput, at: number): unknown[] {
  return [
    at,
    entry.action,
    entry.outcome,
    auditText(entry.actor),
    auditText(entry.actorRole),
    auditText(entry.runId),
    auditText(entry.subject),
    auditText(entry.address),
    auditText(entry.requestId) ?? '',
    auditText(entry.upstreamRequestId),
    auditText(entry.detail),
  ];
}
