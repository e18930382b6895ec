import { isUnreadableRunRow, type RunListItem } from '@/contract/bff';
import { RUN_EXPORT_COLUMNS } from '@/contract/bulk';
import { escapeCsvCell } from '../audit/audit-csv';

/** One exported run, as the JSON export writes it and the CSV export lays it out in RUN_EXPORT_COLUMNS. */
export type RunExportRecord = Record<(typeof RUN_EXPORT_COLUMNS)[number], string | number | null> & { unreadable?: true; problem?: string };

/** A list item as an export record; an item the server could not read keeps its id, status text and why. */
export function exportRecordOf(item: RunListItem): RunExportRecord {
  if (isUnreadableRunRow(item)) {
    return { ...emptyRecord(), id: item.id, upstream_status: item.upstreamStatus, unreadable: true, problem: item.problem };
  }
  return {
    id: item.id,
    status: item.status,
    upstream_status: item.upstreamStatus,
    result: item.result,
    task_id: item.taskId,
    source_id: item.sourceId,
    agent_id: item.agentId,
    credential_id: item.credentialId,
    workflow_id: item.workflowId,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    runtime_ms: item.runtimeMs,
    error_codes: item.errors.flatMap((e) => (e.code ? [e.code] : [])).join(' '),
    interaction_type: item.interaction?.type ?? null,
  };
}

function emptyRecord(): RunExportRecord {
  return {
    id: null,
    status: null,
    upstream_status: null,
    result: null,
    task_id: null,
    source_id: null,
    agent_id: null,
    credential_id: null,
    workflow_id: null,
    created_at: null,
    updated_at: null,
    runtime_ms: null,
    error_codes: null,
    interaction_type: null,
  };
}

export function runCsvHeader(): string {
  return RUN_EXPORT_COLUMNS.join(',') + '\r\n';
}

/**
 * One CSV line (RFC 4180). Ids, statuses and codes come from the upstream, so every cell is
 * escaped and a cell a spreadsheet would run as a formula is opened as text (see escapeCsvCell).
 */
export function runCsvLine(record: RunExportRecord): string {
  return RUN_EXPORT_COLUMNS.map((column) => escapeCsvCell(record[column] === null ? null : String(record[column]))).join(',') + '\r\n';
}
