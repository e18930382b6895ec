import type { RunRecord, ScreenshotRecord, StorageRecord } from '../engine/run-record';
import type { EventRecord } from '../engine/event-log';
import { isoTime, runtimeMs, spellStatus, type CancelSpelling } from '../engine/run-wire-values';
import { driftEventSnapshot, driftRunBody, driftScreenshot, driftStorageItem } from '../drift/drift-run-body';
import type { DriftKind } from '../drift/drift-kinds';
import type { DriftSettings } from '../drift/drift-settings';
import { screenshotFileName, type FileUrls } from './file-urls';

/** Optional sections of GET /task-runs/{id}; anything not requested is left out entirely. */
export type RunSection = 'input' | 'storage' | 'artifacts';

export interface WireOptions {
  now: number;
  requestId: string;
  spelling: CancelSpelling;
  /** Include the non-standard `options` of interaction fields. */
  fieldOptions: boolean;
  urls: FileUrls;
  include?: ReadonlySet<RunSection>;
  /** Drift switches and the key an echoing upstream repeats; absent = clean newest-revision shapes. */
  drift?: { settings: DriftSettings; apiKey: string };
}

export function wireTaskRun(run: RunRecord, options: WireOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: run.id,
    object: 'task_run',
    status: spellStatus(run.status, options.spelling),
    result: run.result,
    task_id: run.taskId,
    credential_id: run.credentialId,
    session_id: run.sessionId,
    agent_id: run.agentId,
    source_id: run.sourceId,
    runtime_ms: runtimeMs(run, options.now),
    output: run.output,
    errors: run.errors && run.errors.length > 0 ? run.errors.map((error) => ({ ...error })) : null,
    interaction: run.interaction
      ? {
          type: run.interaction.spec.type,
          message: run.interaction.message,
          fields: run.interaction.spec.fields.map(({ options: fieldOptions, ...field }) =>
            options.fieldOptions && fieldOptions ? { ...field, options: fieldOptions.map((option) => ({ ...option })) } : field,
          ),
        }
      : null,
    created_at: isoTime(run.createdAt),
    updated_at: isoTime(run.updatedAt),
    request_id: options.requestId,
  };
  const include = options.include;
  if (include?.has('input')) {
    body.input = run.input;
    if (run.vaultedFields.length > 0) body.vaulted_fields = [...run.vaultedFields];
  }
  if (include?.has('storage')) {
    body.storage = run.storage.map((item) => ({
      id: item.id,
      object: 'storage',
      file_name: item.fileName,
      file_type: item.fileType,
      file_size: item.bytes.length,
      created_at: isoTime(item.createdAt),
      url: options.urls.storage(item),
      extraction: item.extraction,
    }));
  }
  if (include?.has('artifacts')) {
    body.artifacts = { screenshots: run.screenshots.map((shot) => wireScreenshot(run, shot, options.urls)) };
  }
  if (!options.drift) return body;
  return driftRunBody(body, { run, kinds: options.drift.settings.forRun(run), apiKey: options.drift.apiKey });
}

export function wireScreenshot(run: RunRecord, shot: ScreenshotRecord, urls: FileUrls, drift?: WireOptions['drift']): Record<string, unknown> {
  const body = {
    file_name: screenshotFileName(run.id, shot.index),
    file_type: 'image/png',
    file_size: shot.fileSize,
    created_at: isoTime(shot.createdAt),
    url: urls.screenshot(run, shot),
    reasoning: shot.reasoning,
  };
  return drift ? driftScreenshot(body, shot.index, drift.settings.forRun(run)) : body;
}

/** `run` is the item's run, when known: its drifts apply. */
export function wireStorageItem(item: StorageRecord, urls: FileUrls, drift?: WireOptions['drift'] & { run: RunRecord | undefined }): Record<string, unknown> {
  const body = {
    id: item.id,
    object: 'storage',
    file_name: item.fileName,
    file_type: item.fileType,
    file_size: item.bytes.length,
    url: urls.storage(item),
    metadata: item.metadata,
    extraction: item.extraction,
    task_run_id: item.runId,
    result: item.extractionResult,
    created_at: isoTime(item.createdAt),
  };
  if (!drift) return body;
  const kinds = drift.run ? drift.settings.forRun(drift.run) : drift.settings.globalKinds();
  return driftStorageItem(body, kinds, { inline: false });
}

/**
 * An event as `/events` lists it and webhooks deliver it. `request_id` is the request that caused
 * it (null when the platform acted by itself). With `emptyStrings`, missing values in `data` are
 * `""` instead of `null`, as the upstream's event serializer does.
 */
export interface WireEventOptions {
  emptyStrings: boolean;
  /** The drifts of the run a task-run event is about (none when the run is gone). */
  driftFor?: (runId: string) => ReadonlySet<DriftKind>;
}

export function wireEvent(event: EventRecord, { emptyStrings, driftFor }: WireEventOptions): Record<string, unknown> {
  let data = event.data;
  if (driftFor && event.type.startsWith('task_run.') && isRecord(data) && typeof data.id === 'string') data = driftEventSnapshot(data, driftFor(data.id));
  return {
    id: event.id,
    object: 'event',
    type: event.type,
    data: emptyStrings ? nullsAsEmptyStrings(data) : data,
    created_at: isoTime(event.createdAt),
    request_id: event.requestId,
  };
}

function nullsAsEmptyStrings(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, value === null ? '' : value]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
