import type { RunRecord } from '../engine/run-record';
import { isoTime } from '../engine/run-wire-values';
import { driftRunErrors } from './drift-error-items';
import type { DriftKind } from './drift-kinds';
import { deeplyNested } from './raw-json';

type Body = Record<string, unknown>;

/** A status the newest contract revision does not list; a later one might add it. */
export const UNKNOWN_STATUS = 'paused_by_policy';
export const DEEP_OUTPUT_LEVELS = 5_000;
/** Fields a newer upstream might add; nothing in the contract names them. */
const EXTRA_RUN_FIELDS = { priority: 'normal', region: 'eu-central-1', billing: { plan: 'enterprise', units: 3 } } as const;
const PROTO_FIELDS = [
  { name: '__proto__', type: 'string', label: 'Proto reference' },
  { name: 'constructor', type: 'string', label: 'Constructor reference' },
] as const;
/** Keys of a middle-revision inline storage item. */
const LEGACY_INLINE_STORAGE_KEYS = ['id', 'object', 'file_name', 'file_type', 'file_size', 'created_at'];

export interface RunDriftContext {
  run: RunRecord;
  kinds: ReadonlySet<DriftKind>;
  apiKey: string;
}

/**
 * A task-run event's snapshot under the run's drifts: an upstream with a status this revision does
 * not list sends it in its events as well as on reads, so consumers indexing events see it too.
 */
export function driftEventSnapshot(data: Body, kinds: ReadonlySet<DriftKind>): Body {
  if (kinds.has('unknown_status') && (data.status === 'queued' || data.status === 'running')) return { ...data, status: UNKNOWN_STATUS };
  return data;
}

/** Rewrites a freshly built (clean, newest-revision) run body into the shape the drifts ask for. */
export function driftRunBody(body: Body, { run, kinds, apiKey }: RunDriftContext): Body {
  if (kinds.size === 0) return body;
  if (kinds.has('unknown_status') && (run.status === 'queued' || run.status === 'running')) body.status = UNKNOWN_STATUS;
  if (kinds.has('legacy_status')) {
    if (run.status === 'canceling') body.status = 'cancelling';
    if (run.status === 'review_required') body.status = 'pending';
  }
  if (kinds.has('null_optionals')) body.runtime_ms = null;
  body.errors = driftRunErrors(body.errors as Body[] | null, kinds, apiKey);
  if (body.interaction) body.interaction = driftInteraction(body.interaction as Body, kinds);
  if (kinds.has('legacy_run_fields')) {
    body.workflow_id = run.workflowId;
    body.canceled_at = run.canceledAt === null ? null : isoTime(run.canceledAt);
  }
  if (kinds.has('empty_strings')) {
    for (const key of ['credential_id', 'session_id', 'source_id', 'workflow_id']) if (body[key] === null) body[key] = '';
  }
  if (kinds.has('extra_fields')) Object.assign(body, structuredClone(EXTRA_RUN_FIELDS));
  if (kinds.has('deep_output') && body.output !== null && body.output !== undefined) body.output = deeplyNested(body.output, DEEP_OUTPUT_LEVELS);
  driftSections(body, run, kinds);
  return body;
}

function driftInteraction(interaction: Body, kinds: ReadonlySet<DriftKind>): Body {
  const out: Body = { ...interaction };
  let fields = (interaction.fields as Body[]).map((field) => ({ ...field }));
  if (kinds.has('proto_field_names')) fields = [...fields, ...PROTO_FIELDS.map((field) => ({ ...field }))];
  if (kinds.has('null_optionals')) {
    out.message = null;
    fields = fields.map((field) => ({ ...field, label: null }));
  }
  if (kinds.has('extra_fields')) {
    out.expires_in_seconds = 600;
    fields = fields.map((field) => ({ ...field, placeholder: '', max_length: 64 }));
  }
  out.fields = fields;
  return out;
}

function driftSections(body: Body, run: RunRecord, kinds: ReadonlySet<DriftKind>): void {
  const nullSections = kinds.has('null_sections');
  if ('input' in body) {
    if (nullSections) {
      body.input = null;
      delete body.vaulted_fields;
    } else if (kinds.has('legacy_vaulted_key') && 'vaulted_fields' in body) {
      body[run.sequence % 2 === 1 ? 'tokenized_fields' : 'vaulted_input_fields'] = body.vaulted_fields;
      delete body.vaulted_fields;
    }
  }
  if ('storage' in body) {
    body.storage = nullSections ? null : (body.storage as Body[]).map((item) => driftStorageItem(item, kinds, { inline: true }));
  }
  if ('artifacts' in body) {
    const shots = nullSections ? null : (body.artifacts as { screenshots: Body[] }).screenshots.map((shot, i) => driftScreenshot(shot, i + 1, kinds));
    if (kinds.has('legacy_screenshots_section')) {
      delete body.artifacts;
      body.screenshots = shots;
    } else {
      body.artifacts = shots === null ? null : { screenshots: shots };
    }
  }
}

/** A screenshot (inline or from the screenshot list); `index` counts from 1. */
export function driftScreenshot(shot: Body, index: number, kinds: ReadonlySet<DriftKind>): Body {
  const out: Body = { ...shot };
  if (kinds.has('null_optionals')) {
    out.reasoning = null;
    out.file_type = null;
    out.file_size = null;
  }
  if (kinds.has('null_screenshot_url') && index % 3 === 0) out.url = null;
  if (kinds.has('extra_fields')) Object.assign(out, { width: 640, height: 400, retention_days: 15 });
  return out;
}

/** A storage item: inline in a run (`inline`) or from the storage endpoints. */
export function driftStorageItem(item: Body, kinds: ReadonlySet<DriftKind>, { inline }: { inline: boolean }): Body {
  let out: Body = { ...item };
  if (kinds.has('legacy_storage_fields')) {
    if (inline) {
      out = Object.fromEntries(Object.entries(out).filter(([key]) => LEGACY_INLINE_STORAGE_KEYS.includes(key)));
    } else {
      delete out.result;
      out.fetch_date = item.created_at;
    }
  }
  if (kinds.has('null_optionals')) {
    out.file_type = null;
    out.file_size = null;
    if (!inline) out.metadata = null;
  }
  if (kinds.has('extra_fields')) Object.assign(out, { checksum: `sha256:${String(item.id)}`, retention_days: 30 });
  return out;
}

/** How an `unreadable_list_item` run appears in a list: no id (even runs) or a bare string (odd runs). */
export function unreadableListItem(body: Body, run: RunRecord): unknown {
  if (run.sequence % 2 === 1) return run.id;
  const { id: _id, ...withoutId } = body;
  return withoutId;
}
