import { createHash } from 'node:crypto';
import { z } from 'zod';
import { errorGroup } from '@/contract/error-groups';
import type { RunResult, RunStatus } from '@/contract/run-status';
import { CANONICAL_TIMESTAMP, canonicalInstant } from './canonical-time';
import { InvalidCursorError, type IngestedEvent, type RunIndexError, type RunIndexFilter, type RunIndexSnapshot } from './event-store';

/**
 * The rules of the run index that do not depend on the engine: which snapshot wins, what a row
 * keeps of an older one, how cursors read. The SQLite event store (sqlite-event-store.ts) and the
 * PostgreSQL one (postgres/postgres-event-store.ts) both apply them from here, so both pass the one
 * suite in event-store-suite.ts; only the SQL of a filter differs (each store builds its own).
 */

export const MAX_DELIVERY_ID_LENGTH = 256;
const MAX_CURSOR_LENGTH = 1024;

/**
 * Which of two snapshots with the same time wins: the one further along the lifecycle. A status
 * Runwatch does not know ranks lowest, so a known status wins the tie.
 */
const STATUS_RANK: Record<RunStatus, number> = {
  queued: 1,
  running: 2,
  interaction_required: 3,
  review_required: 3,
  canceling: 4,
  completed: 5,
  failed: 5,
  canceled: 5,
};
export function statusRank(status: RunStatus | null): number {
  return status === null ? 0 : STATUS_RANK[status];
}

/** Whether snapshot `a` is older than `b`: earlier, or at the same instant with a status not as far along. Equal is not older. */
export function isOlder(a: { appliedAt: string; rank: number }, b: { appliedAt: string; rank: number }): boolean {
  return a.appliedAt < b.appliedAt || (a.appliedAt === b.appliedAt && a.rank < b.rank);
}

export interface RunRow {
  run_id: string;
  status: string | null;
  upstream_status: string;
  result: string | null;
  task_id: string | null;
  agent_id: string | null;
  source_id: string | null;
  credential_id: string | null;
  session_id: string | null;
  workflow_id: string | null;
  /** BIGINT: a string from the PostgreSQL driver. */
  runtime_ms: number | string | null;
  created_at: string;
  updated_at: string;
  error_codes: string;
  interaction_type: string | null;
  /** JSON of RunIndexError[]; NULL while the errors are not known. */
  errors: string | null;
  applied_at: string;
  applied_rank: number;
}

export type StoredRun = Omit<RunRow, 'applied_at' | 'applied_rank'>;

/** A snapshot whose timestamps are in canonical form, ready to compare and store. */
export interface IndexCandidate {
  snapshot: RunIndexSnapshot;
  appliedAt: string;
  rank: number;
  /** Events carry no error codes or interaction type; a read's empty values are meant. */
  fromEvent: boolean;
}

export interface ValidEvent {
  event: IngestedEvent;
  createdAt: string;
  runId: string | null;
  candidate: IndexCandidate | null;
}

export const catchUpStateSchema = z.object({
  watermark: z.string().nullable(),
  idsAtWatermark: z.array(z.string()),
  backfill: z.object({
    state: z.enum(['not_started', 'running', 'done']),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    oldestReached: z.string().nullable(),
    eventsIngested: z.number().int().nonnegative(),
  }),
});

const cursorSchema = z.object({ v: z.literal(1), c: z.string().regex(CANONICAL_TIMESTAMP), r: z.string().min(1), f: z.string() });

/** Reasons are fixed texts (no values from the event), so callers can count them by reason. */
export function validateEvent(event: IngestedEvent): ValidEvent | { reason: string } {
  if (typeof event.id !== 'string' || event.id.length === 0) return { reason: 'event id missing' };
  if (typeof event.type !== 'string' || event.type.length === 0) return { reason: 'event type missing' };
  const createdAt = canonicalInstant(event.createdAt);
  if (createdAt === null) return { reason: 'event created_at is not an ISO 8601 timestamp' };
  const runId = emptyToNull(event.runId) ?? event.run?.runId ?? null;
  if (!event.run) return { event, createdAt, runId, candidate: null };
  if (runId !== event.run.runId) return { reason: 'event names another run than its data' };
  // The snapshot is the run as it was when the event fired, so the event's time stands in for an
  // updated_at that cannot be read.
  const candidate = indexCandidate(event.run, createdAt, createdAt, true);
  if (!candidate) return { reason: 'run created_at is not an ISO 8601 timestamp' };
  return { event, createdAt, runId, candidate };
}

/** Canonical timestamps for a snapshot; null when the run's created_at (its list position) cannot be read. */
export function indexCandidate(run: RunIndexSnapshot, appliedAt: string, updatedAtFallback: string | null, fromEvent: boolean): IndexCandidate | null {
  const createdAt = canonicalInstant(run.createdAt);
  const updatedAt = canonicalInstant(run.updatedAt) ?? updatedAtFallback;
  if (createdAt === null || updatedAt === null || !run.runId) return null;
  return { snapshot: { ...run, createdAt, updatedAt }, appliedAt, rank: statusRank(run.status), fromEvent };
}

/**
 * The row to store for a snapshot. Events carry no error codes, interaction type, session or
 * workflow id, so what a read learned of those is kept while an event repeats the status; so it is
 * when a list row shows the same status with the same updated_at. Ids are kept for good.
 */
export function toRunRow(run: RunIndexSnapshot, current: RunRow | undefined, fromEvent: boolean): StoredRun {
  const sameStatus = current?.upstream_status === run.upstreamStatus;
  const keepReadDetails = current !== undefined && sameStatus && (fromEvent || current.updated_at === run.updatedAt);
  const errors = errorsToStore(run, current, keepReadDetails);
  const errorCodes =
    errors !== null && errors !== current?.errors && Array.isArray(run.errors)
      ? JSON.stringify(codesOf(parseErrors(errors) ?? []))
      : run.errorCodes.length === 0 && keepReadDetails
        ? current.error_codes
        : JSON.stringify(run.errorCodes);
  return {
    run_id: run.runId,
    status: run.status,
    upstream_status: run.upstreamStatus,
    result: run.result,
    task_id: emptyToNull(run.taskId) ?? current?.task_id ?? null,
    agent_id: emptyToNull(run.agentId) ?? current?.agent_id ?? null,
    source_id: emptyToNull(run.sourceId) ?? current?.source_id ?? null,
    credential_id: emptyToNull(run.credentialId) ?? current?.credential_id ?? null,
    session_id: emptyToNull(run.sessionId) ?? current?.session_id ?? null,
    workflow_id: emptyToNull(run.workflowId) ?? current?.workflow_id ?? null,
    runtime_ms: run.runtimeMs ?? (sameStatus ? numberOrNull(current?.runtime_ms) : null),
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    error_codes: errorCodes,
    interaction_type: emptyToNull(run.interactionType) ?? (keepReadDetails ? current.interaction_type : null),
    errors,
  };
}

/**
 * The errors column for a snapshot: its typed errors when it has them; with codes alone, the typed
 * errors the index holds for the same codes, else NULL (types not known: the back-fill reads the
 * run once); with neither, what a read learned of this same state, or NULL (not known).
 */
function errorsToStore(run: RunIndexSnapshot, current: RunRow | undefined, keepReadDetails: boolean): string | null {
  if (Array.isArray(run.errors)) return JSON.stringify(cleanErrors(run.errors));
  if (run.errorCodes.length > 0) {
    const held = parseErrors(current?.errors ?? null);
    return held && current && JSON.stringify(codesOf(held)) === JSON.stringify(run.errorCodes) ? current.errors : null;
  }
  return keepReadDetails && current ? current.errors : null;
}

const MAX_STORED_ERRORS = 50;
const MAX_ERROR_TEXT = 200;

export function cleanErrors(errors: readonly RunIndexError[]): RunIndexError[] {
  return errors.slice(0, MAX_STORED_ERRORS).map((error) => ({ type: shortText(error.type), code: shortText(error.code) }));
}

function shortText(value: string | null | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value.slice(0, MAX_ERROR_TEXT) : null;
}

export function codesOf(errors: readonly RunIndexError[]): string[] {
  return errors.flatMap((error) => (error.code ? [error.code] : []));
}

export function parseErrors(stored: string | null): RunIndexError[] | null {
  if (stored === null) return null;
  const value = safeJson(stored);
  if (!Array.isArray(value)) return null;
  return value.flatMap((item): RunIndexError[] =>
    typeof item === 'object' && item !== null ? [{ type: shortText((item as RunIndexError).type), code: shortText((item as RunIndexError).code) }] : [],
  );
}

/**
 * One row per error, so lists filter by code and group without reading JSON; codes whose types are
 * not known yet count in the `unknown` group until a read tells them.
 */
export function runErrorRows(errors: string | null, errorCodes: string): { position: number; type: string | null; group: string; code: string | null }[] {
  const known = parseErrors(errors) ?? parseErrorCodes(errorCodes).map((code): RunIndexError => ({ type: null, code }));
  return known.map((error, position) => ({ position, type: error.type, group: errorGroup(error.type), code: error.code }));
}

export function summaryOf(row: StoredRun): string {
  return JSON.stringify([
    row.status,
    row.upstream_status,
    row.result,
    row.task_id,
    row.agent_id,
    row.source_id,
    row.credential_id,
    row.session_id,
    row.workflow_id,
    numberOrNull(row.runtime_ms),
    row.created_at,
    row.updated_at,
    row.error_codes,
    row.interaction_type,
    row.errors,
  ]);
}

export function fromRunRow(row: RunRow): RunIndexSnapshot {
  return {
    runId: row.run_id,
    status: row.status as RunStatus | null,
    upstreamStatus: row.upstream_status,
    result: row.result as RunResult | null,
    taskId: row.task_id,
    agentId: row.agent_id,
    sourceId: row.source_id,
    credentialId: row.credential_id,
    sessionId: row.session_id,
    workflowId: row.workflow_id,
    runtimeMs: numberOrNull(row.runtime_ms),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    errorCodes: parseErrorCodes(row.error_codes),
    errors: parseErrors(row.errors),
    interactionType: row.interaction_type,
  };
}

export function numberOrNull(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function parseErrorCodes(stored: string): string[] {
  const value = safeJson(stored);
  return Array.isArray(value) ? value.filter((code): code is string => typeof code === 'string') : [];
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

export function whereSql(clauses: string[]): string {
  return clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
}

/** The non-empty values, once each, sorted: a filter's list as it is applied and fingerprinted. */
export function distinct(values: string[] | undefined): string[] {
  return [...new Set((values ?? []).filter((value) => value !== ''))].sort();
}

/** Ties a cursor to the filter it was issued for, so a cursor reused under another filter is refused rather than skipping runs. */
export function filterFingerprint(filter: RunIndexFilter): string {
  const normal = [
    distinct(filter.statuses),
    distinct(filter.outcomes),
    filter.taskId || null,
    filter.sourceId || null,
    filter.agentId || null,
    filter.credentialId || null,
    filter.createdAfter ? canonicalInstant(filter.createdAfter) : null,
    filter.createdBefore ? canonicalInstant(filter.createdBefore) : null,
    // Only when used, so cursors issued under the other filters stay valid.
    ...(distinct(filter.errorCodes).length + distinct(filter.errorGroups).length > 0 ? [distinct(filter.errorCodes), distinct(filter.errorGroups)] : []),
  ];
  return createHash('sha256').update(JSON.stringify(normal)).digest('base64url').slice(0, 16);
}

export function encodeCursor(createdAt: string, runId: string, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ v: 1, c: createdAt, r: runId, f: fingerprint })).toString('base64url');
}

export function decodeCursor(cursor: string, fingerprint: string): { c: string; r: string } {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError('not a cursor this server issued');
  }
  const parsed = cursorSchema.safeParse(safeJson(Buffer.from(cursor, 'base64url').toString('utf8')));
  if (!parsed.success) throw new InvalidCursorError('not a cursor this server issued');
  if (parsed.data.f !== fingerprint) throw new InvalidCursorError('the cursor belongs to a different filter; start again from the first page');
  return parsed.data;
}
