import type { AuditEntry } from '@/contract/audit';

/**
 * CSV export of the audit log (RFC 4180). Actor names, details and request ids come partly from
 * outside, and a spreadsheet would run a cell starting with `=`, `+`, `-`, `@` (or a tab/CR that
 * some programs skip) as a formula; such cells get a leading `'` so they open as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCsvCell(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const AUDIT_CSV_COLUMNS = [
  'time',
  'action',
  'outcome',
  'actor',
  'actor_role',
  'run_id',
  'subject',
  'address',
  'request_id',
  'upstream_request_id',
  'detail',
] as const;

export function auditCsvHeader(): string {
  return AUDIT_CSV_COLUMNS.join(',') + '\r\n';
}

export function auditCsvLine(entry: AuditEntry): string {
  return (
    [
      entry.at,
      entry.action,
      entry.outcome,
      entry.actor,
      entry.actorRole,
      entry.runId,
      entry.subject,
      entry.address,
      entry.requestId,
      entry.upstreamRequestId,
      entry.detail,
    ]
      .map(escapeCsvCell)
      .join(',') + '\r\n'
  );
}
