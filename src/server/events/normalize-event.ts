import { isValidId } from '@/contract/ids';
import { RUN_RESULTS, normalizeStatus, type RunResult } from '@/contract/run-status';
import { canonicalInstant } from '../store/canonical-time';
import type { IngestedEvent, RunIndexError, RunIndexSnapshot } from '../store/event-store';

/**
 * One upstream event (from `GET /events` or a webhook body) → an `IngestedEvent`. Pure.
 *
 * Read liberally, as the contract asks: `""` in event data means absent (→ null, at any depth),
 * unknown event types are kept, a task-run snapshot with missing fields still gives what it has
 * (the status falls back to the one the event type names). What cannot be used at all — no id, no
 * type, no readable time, a task-run event without a run id — is skipped with a reason, so one bad
 * event never costs the page or delivery it came in.
 */

export type NormalizedEvent = { ok: true; event: IngestedEvent } | { ok: false; reason: string; eventId: string | null };

const MAX_ID_LENGTH = 200;
const MAX_TYPE_LENGTH = 200;
/** `""` → null everywhere in a JSON value; objects and arrays are copied, never changed in place. */
export function emptyToNull(value: unknown, depth = 0): unknown {
  if (value === '') return null;
  // Event data is a flat snapshot; anything nested deeper than this is left as it is.
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => emptyToNull(item, depth + 1));
  // A null-prototype copy: a `__proto__` key in event data stays a plain key and cannot choose what `copy.id` reads.
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) copy[key] = emptyToNull(item, depth + 1);
  return copy;
}

export function normalizeEvent(raw: unknown): NormalizedEvent {
  if (!isRecord(raw)) return skipped(null, 'not an object');
  const id = text(raw.id);
  if (!id || id.length > MAX_ID_LENGTH) return skipped(null, 'no event id');
  const type = text(raw.type);
  if (!type || type.length > MAX_TYPE_LENGTH) return skipped(id, 'no event type');
  const createdAt = canonicalInstant(raw.created_at);
  if (!createdAt) return skipped(id, 'created_at is not an ISO 8601 time');
  const data = emptyToNull(raw.data);
  const requestId = requestIdOf(raw.request_id) ?? (isRecord(data) ? requestIdOf(data.request_id) : null);

  if (type.startsWith('task_run.')) {
    const run = isRecord(data) ? runSnapshot(data, type, createdAt) : null;
    if (!run) return skipped(id, 'task_run event without a readable run id');
    return { ok: true, event: { id, type, createdAt, runId: run.runId, requestId, run } };
  }
  const runId = type.startsWith('storage.') && isRecord(data) ? runIdOf(data.task_run_id) : null;
  return { ok: true, event: { id, type, createdAt, runId, requestId, run: null } };
}

/** The run as the event's `data` shows it; null without a usable run id. */
function runSnapshot(data: Record<string, unknown>, type: string, eventCreatedAt: string): RunIndexSnapshot | null {
  const runId = runIdOf(data.id);
  if (!runId) return null;
  // A snapshot without a status still says which status the event is about.
  const upstreamStatus = text(data.status) ?? type.slice('task_run.'.length);
  const status = normalizeStatus(upstreamStatus);
  const runtime = data.runtime_ms;
  const runtimeMs =
    typeof runtime === 'number' && Number.isFinite(runtime) && runtime >= 0 && !(status === 'queued' && runtime === 0) ? Math.round(runtime) : null;
  return {
    runId,
    status,
    upstreamStatus,
    result: resultOf(data.result),
    taskId: text(data.task_id),
    agentId: text(data.agent_id),
    sourceId: text(data.source_id),
    credentialId: text(data.credential_id),
    sessionId: text(data.session_id),
    workflowId: text(data.workflow_id),
    runtimeMs,
    // Missing times fall back to the event's: the best Runwatch knows of when the run was seen so.
    createdAt: canonicalInstant(data.created_at) ?? eventCreatedAt,
    updatedAt: canonicalInstant(data.updated_at) ?? eventCreatedAt,
    ...errorsOf(data.errors),
    interactionType: null,
  };
}

/** Most error items taken from one event; a failed run has one or two. */
const MAX_EVENT_ERRORS = 50;

/**
 * The contract's event snapshot has no `errors`, but one that carries them (an upstream that adds
 * them, a queue sink) saves a read: items with a type or code are kept, anything else is ignored.
 * No usable item leaves the errors unknown rather than known to be none.
 */
function errorsOf(value: unknown): Pick<RunIndexSnapshot, 'errorCodes' | 'errors'> {
  const items = Array.isArray(value) ? value : isRecord(value) ? [value] : [];
  const errors: RunIndexError[] = [];
  for (const item of items.slice(0, MAX_EVENT_ERRORS)) {
    if (!isRecord(item)) continue;
    const error = { type: shortText(item.type), code: shortText(item.code) };
    if (error.type !== null || error.code !== null) errors.push(error);
  }
  if (errors.length === 0) return { errorCodes: [] };
  return { errorCodes: errors.flatMap((error) => (error.code ? [error.code] : [])), errors };
}

const MAX_ERROR_TEXT_LENGTH = 200;

function shortText(value: unknown): string | null {
  const trimmed = text(value);
  return trimmed === null || trimmed.length > MAX_ERROR_TEXT_LENGTH ? null : trimmed;
}

function runIdOf(value: unknown): string | null {
  const id = text(value);
  return id && isValidId('run', id) ? id : null;
}

function requestIdOf(value: unknown): string | null {
  const id = text(value);
  return id && isValidId('request', id) ? id : null;
}

function resultOf(value: unknown): RunResult | null {
  return typeof value === 'string' && (RUN_RESULTS as readonly string[]).includes(value) ? (value as RunResult) : null;
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function skipped(eventId: string | null, reason: string): NormalizedEvent {
  return { ok: false, reason, eventId };
}
