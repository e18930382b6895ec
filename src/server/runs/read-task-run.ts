import type { z } from 'zod';
import type { SectionProblem } from '@/contract/bff';
import {
  errorItemSchema,
  interactionFieldSchema,
  interactionSchema,
  screenshotSchema,
  storageInlineSchema,
  taskRunCoreSchema,
  VAULTED_FIELD_KEYS,
  type UpstreamErrorItem,
  type UpstreamInteraction,
  type UpstreamInteractionField,
  type UpstreamScreenshot,
  type UpstreamStorageInline,
  type UpstreamTaskRun,
  type UpstreamTaskRunCore,
} from '@/contract/upstream';
import { MAX_JSON_DEPTH, isDeeperThan } from './json-depth';
import { readPlain, type PlainShape } from './plain-shape';

/**
 * Reads one upstream run part by part: the core fields (id, status, timestamps) must be there for
 * the run to be shown at all, but every section (errors, the prompt, input, output, files,
 * screenshots) and every item in it is read on its own. What cannot be read is left out and named
 * in `problems`, so one odd item degrades only itself.
 */

export interface TaskRunRead {
  /** The run with every readable part; unreadable items left out (see `problems`). */
  run: UpstreamTaskRun;
  problems: SectionProblem[];
}

/** A run that cannot be shown at all (no id, status or timestamps, or not an object). */
export class UnreadableRunError extends Error {
  constructor(
    readonly runId: string | null,
    readonly upstreamStatus: string | null,
    readonly problem: string,
  ) {
    super(problem);
    this.name = 'UnreadableRunError';
  }
}

export const TOO_DEEP_PROBLEM = `nested deeper than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels; download the raw JSON`;

export interface ReadOptions {
  /**
   * Read for a list row: only what a row shows (core, errors, prompt). Output and input are not
   * walked (a row never carries them) and file and screenshot sections are skipped.
   */
  summary?: boolean;
}

export function readTaskRun(json: unknown, options: ReadOptions = {}): TaskRunRead {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UnreadableRunError(null, null, 'the item is not a JSON object');
  }
  const wire = json as Record<string, unknown>;
  const run: UpstreamTaskRun = readPlain<UpstreamTaskRunCore>(CORE_SHAPE, wire) ?? readCore(wire);
  const problems: SectionProblem[] = [];

  const errors = readErrors(wire.errors, problems);
  if (errors !== undefined) run.errors = errors;
  run.interaction = readInteraction(wire.interaction, problems);
  if (options.summary) return { run, problems };

  for (const section of ['output', 'input'] as const) {
    if (isDeeperThan(run[section], MAX_JSON_DEPTH)) {
      run[section] = null;
      problems.push({ section, problem: TOO_DEEP_PROBLEM });
    }
  }

  for (const key of VAULTED_FIELD_KEYS) {
    const list = wire[key];
    if (list === undefined) continue;
    if (list === null) run[key] = null;
    else if (Array.isArray(list)) run[key] = list.filter((name): name is string => typeof name === 'string');
    else problems.push({ section: 'input', problem: `${key} is not a list of field names` });
  }

  if ('storage' in wire) run.storage = readStorage(wire.storage, problems);
  if ('artifacts' in wire) run.artifacts = readArtifacts(wire.artifacts, problems);
  if ('screenshots' in wire) run.screenshots = readScreenshotList(wire.screenshots, problems);
  return { run, problems };
}

/** The core as `taskRunCoreSchema` reads it, for a run that is not of the plain shape. */
function readCore(wire: Record<string, unknown>): UpstreamTaskRunCore {
  const core = taskRunCoreSchema.safeParse(wire);
  if (!core.success) {
    throw new UnreadableRunError(textOrNull(wire.id), textOrNull(wire.status), `the run could not be read: ${describeIssues(core.error)}`);
  }
  return { ...core.data };
}

/** `taskRunCoreSchema`, `storageInlineSchema` and `screenshotSchema` field by field (src/contract/upstream.ts), for `readPlain`. */
export const CORE_SHAPE: PlainShape = [
  ['id', 'text'],
  ['object', 'nullishText'],
  ['status', 'text'],
  ['result', 'nullishText'],
  ['task_id', 'absentableText'],
  ['credential_id', 'absentableText'],
  ['session_id', 'absentableText'],
  ['agent_id', 'absentableText'],
  ['source_id', 'absentableText'],
  ['workflow_id', 'absentableText'],
  ['canceled_at', 'absentableText'],
  ['runtime_ms', 'absentableNumber'],
  ['created_at', 'text'],
  ['updated_at', 'text'],
  ['request_id', 'absentableText'],
  ['output', 'any'],
  ['input', 'any'],
];
export const STORAGE_SHAPE: PlainShape = [
  ['id', 'text'],
  ['object', 'nullishText'],
  ['file_name', 'optionalText'],
  ['file_type', 'absentableText'],
  ['file_size', 'absentableNumber'],
  ['created_at', 'absentableText'],
  ['url', 'absentableText'],
  ['extraction', 'any'],
];
export const SCREENSHOT_SHAPE: PlainShape = [
  ['file_name', 'optionalText'],
  ['file_type', 'absentableText'],
  ['file_size', 'absentableNumber'],
  ['created_at', 'absentableText'],
  ['url', 'absentableText'],
  ['reasoning', 'optionalText'],
];

/** The prompt without its fields (read one by one), built once. */
const interactionHeadSchema = interactionSchema.omit({ fields: true });

function readErrors(value: unknown, problems: SectionProblem[]): UpstreamErrorItem[] | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Array.isArray(value)) {
    // A single item where a list belongs is still that item.
    if (typeof value === 'object') return readErrors([value], problems);
    problems.push({ section: 'errors', problem: 'the error list could not be read' });
    return [];
  }
  const items: UpstreamErrorItem[] = [];
  let unreadable = 0;
  for (const item of value) {
    if (typeof item === 'string') {
      items.push({ type: null, code: null, message: item, field: null });
      continue;
    }
    const parsed = errorItemSchema.safeParse(item);
    if (parsed.success && !isDeeperThan(item, MAX_JSON_DEPTH - 10)) items.push(parsed.data);
    else unreadable++;
  }
  if (unreadable > 0) problems.push({ section: 'errors', problem: `${ofTotal(unreadable, value.length)} error items could not be read` });
  return items;
}

function readInteraction(value: unknown, problems: SectionProblem[]): UpstreamInteraction | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ section: 'interaction', problem: 'the prompt is not an object' });
    return null;
  }
  // The fields are read one by one below, so one odd field does not hide the whole prompt.
  const { fields, ...rest } = value as Record<string, unknown>;
  const head = interactionHeadSchema.safeParse(rest);
  if (!head.success) {
    problems.push({ section: 'interaction', problem: `the prompt could not be read: ${describeIssues(head.error)}` });
    return null;
  }
  const read: UpstreamInteractionField[] = [];
  if (fields !== undefined && fields !== null) {
    if (!Array.isArray(fields)) {
      problems.push({ section: 'interaction', problem: "the prompt's fields could not be read" });
    } else {
      const unreadable = readEach(fields, interactionFieldSchema, read);
      if (unreadable > 0) {
        problems.push({ section: 'interaction', problem: `${ofTotal(unreadable, fields.length)} prompt fields could not be read` });
      }
    }
  }
  return { ...head.data, fields: read };
}

function readStorage(value: unknown, problems: SectionProblem[]): UpstreamStorageInline[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    problems.push({ section: 'files', problem: 'the file list could not be read' });
    return [];
  }
  const files: UpstreamStorageInline[] = [];
  const unreadable = readEach(value, storageInlineSchema, files, STORAGE_SHAPE);
  let tooDeep = 0;
  for (const file of files) {
    if (isDeeperThan(file.extraction, MAX_JSON_DEPTH)) {
      file.extraction = null;
      tooDeep++;
    }
  }
  if (unreadable > 0) problems.push({ section: 'files', problem: `${ofTotal(unreadable, value.length)} files could not be read` });
  if (tooDeep > 0) problems.push({ section: 'files', problem: `extracted data of ${tooDeep} file(s) ${TOO_DEEP_PROBLEM}` });
  return files;
}

function readArtifacts(value: unknown, problems: SectionProblem[]): UpstreamTaskRun['artifacts'] {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ section: 'screenshots', problem: 'the artifacts section could not be read' });
    return { screenshots: [] };
  }
  return { ...(value as Record<string, unknown>), screenshots: readScreenshotList((value as { screenshots?: unknown }).screenshots, problems) };
}

function readScreenshotList(value: unknown, problems: SectionProblem[]): UpstreamScreenshot[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    problems.push({ section: 'screenshots', problem: 'the screenshot list could not be read' });
    return [];
  }
  const shots: UpstreamScreenshot[] = [];
  const unreadable = readEach(value, screenshotSchema, shots, SCREENSHOT_SHAPE);
  if (unreadable > 0) problems.push({ section: 'screenshots', problem: `${ofTotal(unreadable, value.length)} screenshots could not be read` });
  return shots;
}

/** Parses each item on its own into `into` (the plain shape first, when given); returns how many could not be read. */
function readEach<T>(items: readonly unknown[], schema: z.ZodType<T>, into: T[], shape?: PlainShape): number {
  let unreadable = 0;
  for (const item of items) {
    const plain = shape ? readPlain<T>(shape, item) : undefined;
    if (plain !== undefined) {
      into.push(plain);
      continue;
    }
    const parsed = schema.safeParse(item);
    if (parsed.success) into.push(parsed.data);
    else unreadable++;
  }
  return unreadable;
}

function ofTotal(count: number, total: number): string {
  return `${count} of ${total}`;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value.slice(0, 200) : null;
}

/** A short, value-free description of what did not match: which fields, and why. */
export function describeIssues(error: z.ZodError): string {
  // Zod's default messages name types and rules, never the value itself.
  const parts = error.issues.slice(0, 3).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'the value'}: ${issue.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return parts.join('; ') + more;
}
