import type { InteractionView, RunFile, RunScreenshot, RunSummary, RunView } from '../../contract/bff';
import { isValidId } from '../../contract/ids';
import { RUN_RESULTS, normalizeStatus, type RunResult } from '../../contract/run-status';
import { VAULTED_FIELD_KEYS, type UpstreamInteraction, type UpstreamTaskRun } from '../../contract/upstream';
import type { RunInclude } from '../upstream/run-include';
import { UpstreamError } from '../upstream/upstream-error';

/**
 * Upstream task run → the `RunView` the SPA gets. Empty values (`""`, `[]`, null) are folded,
 * spellings of older revisions accepted, and every signed URL is replaced by a same-origin Runwatch
 * route: the upstream's links never reach the browser.
 *
 * An unknown status is a contract break, reported as a bad upstream response rather than guessed:
 * mapping it to some known status could show a stuck run as finished (or the reverse), and the
 * polling contract (stop at a terminal status) depends on the status being right.
 */
export function normalizeRun(raw: UpstreamTaskRun, include: ReadonlySet<RunInclude> = new Set()): RunView {
  const status = normalizeStatus(raw.status);
  if (!status) {
    throw new UpstreamError('bad_response', 'the upstream sent a run status Runwatch does not know', {
      upstreamRequestId: raw.request_id ?? null,
      items: [{ type: 'contract', code: 'unknown_status', message: raw.status.slice(0, 64), field: 'status' }],
    });
  }

  const view: RunView = {
    id: raw.id,
    status,
    upstreamStatus: raw.status,
    result: normalizeResult(raw.result),
    taskId: raw.task_id,
    agentId: raw.agent_id ?? null,
    sourceId: raw.source_id ?? null,
    credentialId: raw.credential_id ?? null,
    sessionId: raw.session_id ?? null,
    workflowId: raw.workflow_id ?? null,
    // Before a run starts, some revisions report 0 rather than null; 0 would read as "took no time".
    runtimeMs: raw.runtime_ms == null || raw.runtime_ms < 0 || (status === 'queued' && raw.runtime_ms === 0) ? null : raw.runtime_ms,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    canceledAt: raw.canceled_at ?? null,
    output: isAbsent(raw.output) ? null : raw.output,
    errors: (raw.errors ?? []).map((e) => ({ type: e.type, code: e.code, message: e.message, field: e.field ?? null })),
    interaction: raw.interaction ? normalizeInteraction(raw.interaction) : null,
    upstreamRequestId: raw.request_id ?? null,
  };

  if (include.has('input')) {
    view.input = isAbsent(raw.input) ? null : raw.input;
    view.vaultedFields = vaultedFieldsOf(raw);
  }
  if (include.has('storage')) view.files = (raw.storage ?? []).map((item) => toRunFile(raw.id, item));
  if (include.has('artifacts')) {
    const shots = raw.artifacts?.screenshots ?? raw.screenshots ?? [];
    view.screenshots = shots.map((shot, index): RunScreenshot => ({
      index,
      fileName: shot.file_name,
      fileType: shot.file_type,
      fileSize: shot.file_size,
      createdAt: shot.created_at,
      imageUrl: `/api/runs/${encodeURIComponent(raw.id)}/screenshots/${index}`,
      reasoning: shot.reasoning,
    }));
  }
  return view;
}

/** The list form: the core fields only. */
export function toRunSummary(view: RunView): RunSummary {
  const { input: _input, vaultedFields: _vaulted, files: _files, screenshots: _shots, ...summary } = view;
  return summary;
}

function normalizeResult(value: string | null | undefined): RunResult | null {
  return (RUN_RESULTS as readonly string[]).includes(value ?? '') ? (value as RunResult) : null;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function normalizeInteraction(raw: UpstreamInteraction): InteractionView {
  return {
    type: raw.type,
    message: raw.message,
    fields: raw.fields.map((field) => ({
      name: field.name,
      type: field.type,
      label: field.label || field.name,
      options: field.options?.length
        ? field.options.map((o) => (typeof o === 'string' ? { value: o, label: o } : { value: o.value, label: o.label ?? o.value }))
        : null,
    })),
  };
}

function vaultedFieldsOf(raw: UpstreamTaskRun): string[] {
  for (const key of VAULTED_FIELD_KEYS) {
    const list = raw[key];
    if (list && list.length > 0) return list;
  }
  return [];
}

function toRunFile(runId: string, item: NonNullable<UpstreamTaskRun['storage']>[number]): RunFile {
  const downloadable = !!item.url && isValidId('storage', item.id);
  return {
    id: item.id,
    fileName: item.file_name,
    fileType: item.file_type,
    fileSize: item.file_size,
    createdAt: item.created_at,
    downloadUrl: downloadable ? `/api/runs/${encodeURIComponent(runId)}/files/${encodeURIComponent(item.id)}` : null,
    extraction: item.extraction ?? null,
  };
}
