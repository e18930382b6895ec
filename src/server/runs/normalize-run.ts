import { createHash } from 'node:crypto';
import type { InteractionView, RunError, RunFile, RunScreenshot, RunView } from '@/contract/bff';
import { isValidId } from '@/contract/ids';
import { RUN_RESULTS, normalizeStatus, type RunResult } from '@/contract/run-status';
import {
  ERROR_ITEM_KEYS,
  VAULTED_FIELD_KEYS,
  type UpstreamErrorItem,
  type UpstreamInteraction,
  type UpstreamStorageInline,
  type UpstreamTaskRun,
} from '@/contract/upstream';
import { redactUntrusted, redactUntrustedText } from '../http/untrusted-text';
import type { RunInclude } from '../upstream/run-include';
import type { TaskRunRead } from './read-task-run';

/**
 * A read upstream run → the `RunView` the SPA gets. Empty values (`""`, `[]`, null) are folded,
 * spellings of older revisions accepted, and every signed URL is replaced by a same-origin Runwatch
 * route: the upstream's links never reach the browser.
 *
 * A status Runwatch does not know is passed on as `status: null` with the raw `upstreamStatus`:
 * mapping it to some known status could show a stuck run as finished (or the reverse). Such a run
 * counts as not final, so it keeps being polled.
 */
export function normalizeRun(read: TaskRunRead, include: ReadonlySet<RunInclude> = new Set()): RunView {
  const { run: raw, problems } = read;
  const status = normalizeStatus(raw.status);

  const view: RunView = {
    id: raw.id,
    status,
    upstreamStatus: raw.status,
    result: normalizeResult(raw.result),
    taskId: raw.task_id,
    agentId: raw.agent_id,
    sourceId: raw.source_id,
    credentialId: raw.credential_id,
    sessionId: raw.session_id,
    workflowId: raw.workflow_id,
    // Before a run starts, some revisions report 0 rather than null; 0 would read as "took no time".
    runtimeMs: raw.runtime_ms == null || raw.runtime_ms < 0 || (status === 'queued' && raw.runtime_ms === 0) ? null : raw.runtime_ms,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    canceledAt: raw.canceled_at,
    output: isAbsent(raw.output) ? null : raw.output,
    errors: (raw.errors ?? []).map(toRunError),
    interaction: raw.interaction ? normalizeInteraction(raw.id, raw.updated_at, raw.interaction) : null,
    upstreamRequestId: raw.request_id,
    sectionProblems: problems.filter((p) => isShown(p.section, include)),
  };

  if (include.has('input')) {
    view.input = isAbsent(raw.input) ? null : raw.input;
    view.vaultedFields = vaultedFieldsOf(raw);
  }
  // A requested section the upstream sent absent, null or empty is "none captured": [].
  if (include.has('storage')) view.files = (raw.storage ?? []).map((item) => toRunFile(raw.id, item));
  if (include.has('artifacts')) {
    const shots = raw.artifacts?.screenshots ?? raw.screenshots ?? [];
    view.screenshots = shots.map((shot, index): RunScreenshot => ({
      index,
      fileName: shot.file_name,
      fileType: shot.file_type ?? '',
      fileSize: shot.file_size,
      createdAt: shot.created_at,
      imageUrl: `/api/runs/${encodeURIComponent(raw.id)}/screenshots/${index}`,
      reasoning: shot.reasoning,
    }));
  }
  return view;
}

/** Problems of sections the caller did not ask for are not news to it. */
const SECTION_INCLUDE: Record<string, RunInclude> = { input: 'input', files: 'storage', screenshots: 'artifacts' };

function isShown(section: string, include: ReadonlySet<RunInclude>): boolean {
  const needs = Object.hasOwn(SECTION_INCLUDE, section) ? SECTION_INCLUDE[section] : undefined;
  return needs === undefined || include.has(needs);
}

/** Error items are upstream prose that may echo the request it got, key included: redacted on the way in. */
export function toRunError(item: UpstreamErrorItem): RunError {
  const text = (value: string | null) => (value === null ? null : redactUntrustedText(value));
  const error: RunError = { type: text(item.type), code: text(item.code), message: redactUntrustedText(item.message), field: text(item.field) };
  // Fields the contract does not name are passed on so support can see them; the copy has no
  // prototype, so a key like `__proto__` stays a plain key.
  const extra = Object.entries(item).filter(([key]) => !(ERROR_ITEM_KEYS as readonly string[]).includes(key));
  if (extra.length > 0) error.extra = redactUntrusted(Object.fromEntries(extra)) as Record<string, unknown>;
  return error;
}

function normalizeResult(value: string | null | undefined): RunResult | null {
  return (RUN_RESULTS as readonly string[]).includes(value ?? '') ? (value as RunResult) : null;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function normalizeInteraction(runId: string, updatedAt: string, raw: UpstreamInteraction): InteractionView {
  const fields = raw.fields.map((field) => ({
    name: field.name,
    type: field.type,
    label: field.label || field.name,
    options: field.options?.length
      ? field.options.map((o) => (typeof o === 'string' ? { value: o, label: o } : { value: o.value, label: o.label ?? o.value }))
      : null,
  }));
  return { promptId: promptIdOf(runId, updatedAt, raw.type, raw.message, fields), type: raw.type, message: raw.message, fields };
}

/**
 * Identity of a waiting prompt: the same run, `updated_at` and prompt content give the same id (a
 * re-read, a second tab); a fresh prompt after a rejected answer moves `updated_at`, so it gets a
 * new one. Built from an array, so no upstream text can shift one part into another.
 */
export function promptIdOf(
  runId: string,
  updatedAt: string,
  type: string,
  message: string,
  fields: ReadonlyArray<{ name: string; type: string; label: string; options: ReadonlyArray<{ value: string; label: string }> | null }>,
): string {
  const content = JSON.stringify([
    runId,
    updatedAt,
    type,
    message,
    fields.map((f) => [f.name, f.type, f.label, f.options?.map((o) => [o.value, o.label]) ?? null]),
  ]);
  return createHash('sha256').update(content).digest('base64url').slice(0, 32);
}

function vaultedFieldsOf(raw: UpstreamTaskRun): string[] {
  for (const key of VAULTED_FIELD_KEYS) {
    const list = raw[key];
    if (list && list.length > 0) return list;
  }
  return [];
}

function toRunFile(runId: string, item: UpstreamStorageInline): RunFile {
  const downloadable = !!item.url && isValidId('storage', item.id);
  return {
    id: item.id,
    fileName: item.file_name,
    fileType: item.file_type ?? '',
    fileSize: item.file_size,
    createdAt: item.created_at,
    downloadUrl: downloadable ? `/api/runs/${encodeURIComponent(runId)}/files/${encodeURIComponent(item.id)}` : null,
    extraction: item.extraction ?? null,
  };
}
