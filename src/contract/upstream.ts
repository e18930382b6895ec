import { z } from 'zod';

/**
 * Zod schemas for the upstream Task Run API (v2). They read liberally: every part the contract
 * marks optional accepts absent and `null` alike, the older shapes the contract lists are accepted
 * (`cancelling`, `pending`, `[]` vs `null`, `""` for missing strings, `include=screenshots`), and
 * fields the contract does not name are kept (loose objects), never dropped. They describe the
 * wire, not Runwatch's own DTOs.
 *
 * Runwatch's server reads a run part by part (see `src/server/runs/read-task-run.ts`), so one
 * unreadable item degrades only itself; `taskRunSchema` is the same rules applied all-or-nothing.
 */

/** `null`, `undefined` and `""` all mean "absent". */
const absentableString = z
  .string()
  .nullish()
  .transform((v) => (v === '' || v == null ? null : v));

/** A number the contract marks optional: absent and `null` both read as null. */
const absentableNumber = z
  .number()
  .nullish()
  .transform((v) => v ?? null);

/** A text the contract gives but a reader can do without: absent and `null` read as `''`. */
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

const isoTimestamp = z.string().min(1);

export const upstreamStatusSchema = z.string().min(1);

/**
 * One error item, as HTTP errors and failed runs carry it. `type` and `code` may be missing (the
 * item is still shown), the message may be absent, and extra fields stay on the object.
 */
export const errorItemSchema = z.looseObject({
  type: absentableString,
  code: absentableString,
  message: optionalText,
  field: absentableString,
});
export type UpstreamErrorItem = z.output<typeof errorItemSchema>;

/** Field names this schema knows; the rest of an item is passed on as "extra". */
export const ERROR_ITEM_KEYS = ['type', 'code', 'message', 'field'] as const;

const interactionOptionSchema = z.union([z.string(), z.looseObject({ value: z.string(), label: absentableString })]);

export const interactionFieldSchema = z.looseObject({
  name: z.string().min(1),
  type: absentableString.transform((v) => v ?? 'string'),
  label: optionalText,
  /** Not in the contract; some upstreams may offer choices for account selection. */
  options: z.array(interactionOptionSchema).nullish(),
});
export type UpstreamInteractionField = z.output<typeof interactionFieldSchema>;

export const interactionSchema = z.looseObject({
  type: z.string().min(1),
  message: optionalText,
  fields: z
    .array(interactionFieldSchema)
    .nullish()
    .transform((v) => v ?? []),
});
export type UpstreamInteraction = z.output<typeof interactionSchema>;

export const storageInlineSchema = z.looseObject({
  id: z.string().min(1),
  object: z.string().nullish(),
  file_name: optionalText,
  file_type: absentableString,
  file_size: absentableNumber,
  created_at: absentableString,
  url: absentableString,
  extraction: z.unknown().optional(),
});
export type UpstreamStorageInline = z.output<typeof storageInlineSchema>;

export const storageItemSchema = storageInlineSchema.extend({
  metadata: z.record(z.string(), z.unknown()).nullish(),
  task_run_id: z.string(),
  result: z.string().nullish(),
  fetch_date: z.string().nullish(),
});
export type UpstreamStorageItem = z.output<typeof storageItemSchema>;

export const screenshotSchema = z.looseObject({
  file_name: optionalText,
  file_type: absentableString,
  file_size: absentableNumber,
  created_at: absentableString,
  /** Pre-signed image URL; a screenshot without one is still listed, just not viewable. */
  url: absentableString,
  reasoning: optionalText,
});
export type UpstreamScreenshot = z.output<typeof screenshotSchema>;

/** Key names upstream revisions may use for the list of vaulted input fields (docs/upstream-contract.md, open point 1). */
export const VAULTED_FIELD_KEYS = ['vaulted_fields', 'tokenized_fields', 'vaulted_input_fields'] as const;

/**
 * The fields every run must carry to be shown at all: without an id, a status and its timestamps a
 * run cannot be told apart or placed in time. Everything else is optional on read.
 */
export const taskRunCoreSchema = z.looseObject({
  id: z.string().min(1),
  object: z.string().nullish(),
  status: upstreamStatusSchema,
  result: z.string().nullish(),
  task_id: absentableString,
  credential_id: absentableString,
  session_id: absentableString,
  agent_id: absentableString,
  source_id: absentableString,
  workflow_id: absentableString,
  canceled_at: absentableString,
  runtime_ms: absentableNumber,
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
  request_id: absentableString,
  output: z.unknown().optional(),
  input: z.unknown().optional(),
});
export type UpstreamTaskRunCore = z.output<typeof taskRunCoreSchema>;

const vaultedListSchema = z.array(z.string()).nullish();

export const taskRunSchema = taskRunCoreSchema.extend({
  errors: z.array(errorItemSchema).nullish(),
  interaction: interactionSchema.nullish(),
  vaulted_fields: vaultedListSchema,
  tokenized_fields: vaultedListSchema,
  vaulted_input_fields: vaultedListSchema,
  storage: z.array(storageInlineSchema).nullish(),
  artifacts: z.looseObject({ screenshots: z.array(screenshotSchema).nullish() }).nullish(),
  /** Middle revision used include=screenshots with a top-level array. */
  screenshots: z.array(screenshotSchema).nullish(),
});
export type UpstreamTaskRun = z.output<typeof taskRunSchema>;

export function listResponseSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    data: z.array(item),
    /** Absent or null: see `hasMorePages`. */
    has_more: z.boolean().nullish(),
    next_cursor: absentableString,
    request_id: absentableString,
  });
}

/** Whether a list page has a next one: `has_more` when given, else whether a cursor came back. */
export function hasMorePages(page: { has_more?: boolean | null; next_cursor?: string | null }): boolean {
  return page.has_more ?? page.next_cursor != null;
}

export const taskRunListSchema = listResponseSchema(taskRunSchema);
export const storageListSchema = listResponseSchema(storageItemSchema);
export const screenshotListSchema = listResponseSchema(screenshotSchema);

/**
 * A list page whose items are not read yet: the reader reads each item on its own, so one item it
 * cannot read does not cost the page.
 */
export const taskRunListPageSchema = listResponseSchema(z.unknown());
export type UpstreamTaskRunListPage = z.output<typeof taskRunListPageSchema>;

export const errorEnvelopeSchema = z.looseObject({
  errors: z.array(errorItemSchema).min(1),
  request_id: absentableString,
});
export type UpstreamErrorEnvelope = z.output<typeof errorEnvelopeSchema>;

export const eventSchema = z.looseObject({
  id: z.string(),
  object: z.literal('event'),
  type: z.string(),
  data: z.unknown(),
  created_at: isoTimestamp,
  request_id: z.string().nullish(),
});
export const eventListSchema = listResponseSchema(eventSchema);

export const testResponseSchema = z.looseObject({
  status: z.literal('ready'),
  environment: z.string().nullish(),
  request_id: z.string().nullish(),
});

export const runTaskRequestSchema = z.object({
  credential_id: z.string().nullish(),
  source_id: z.string().nullish(),
  session_id: z.string().nullish(),
  input: z.unknown().optional(),
  request_id: z.string().nullish(),
});

/** A JSON object exactly as the upstream sent it (the same reference), for reading part by part. */
export type UpstreamJsonObject = Record<string, unknown>;
export const isJsonObject = (value: unknown): value is UpstreamJsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
export const jsonObjectSchema = z.custom<UpstreamJsonObject>(isJsonObject, 'expected a JSON object');
