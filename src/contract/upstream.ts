import { z } from 'zod';

/**
 * Zod schemas for the upstream Task Run API (v2). They accept the newest revision and the older
 * shapes the contract lists (e.g. `cancelling`, `[]` vs `null`, `""` for missing strings), so a
 * reader can normalise without guessing. They describe the wire, not Runwatch's own DTOs.
 */

/** `null`, `undefined` and `""` all mean "absent". */
const absentableString = z
  .string()
  .nullish()
  .transform((v) => (v === '' || v === undefined ? null : v));

const isoTimestamp = z.string().min(1);

export const upstreamStatusSchema = z.string().min(1);

export const errorItemSchema = z.object({
  type: z.string(),
  code: z.string(),
  message: z.string().default(''),
  field: absentableString.optional(),
});
export type UpstreamErrorItem = z.infer<typeof errorItemSchema>;

export const interactionFieldSchema = z.object({
  name: z.string().min(1),
  type: z.string().default('string'),
  label: z.string().default(''),
  /** Not in the contract; some upstreams may offer choices for account selection. */
  options: z
    .array(z.union([z.string(), z.object({ value: z.string(), label: z.string().optional() })]))
    .optional(),
});

export const interactionSchema = z.object({
  type: z.string(),
  message: z.string().default(''),
  fields: z.array(interactionFieldSchema).default([]),
});
export type UpstreamInteraction = z.infer<typeof interactionSchema>;

export const storageInlineSchema = z.object({
  id: z.string(),
  object: z.literal('storage').optional(),
  file_name: z.string(),
  file_type: z.string(),
  file_size: z.number(),
  created_at: isoTimestamp,
  url: z.string().nullish(),
  extraction: z.unknown().optional(),
});

export const storageItemSchema = storageInlineSchema.extend({
  metadata: z.record(z.string(), z.unknown()).nullish(),
  task_run_id: z.string(),
  result: z.enum(['success', 'failure']).optional(),
  fetch_date: z.string().optional(),
});
export type UpstreamStorageItem = z.infer<typeof storageItemSchema>;

export const screenshotSchema = z.object({
  file_name: z.string(),
  file_type: z.string().default('image/png'),
  file_size: z.number(),
  created_at: isoTimestamp,
  url: z.string(),
  reasoning: z.string().default(''),
});
export type UpstreamScreenshot = z.infer<typeof screenshotSchema>;

/** Key names upstream revisions may use for the list of vaulted input fields (open point 1). */
export const VAULTED_FIELD_KEYS = ['vaulted_fields', 'tokenized_fields', 'vaulted_input_fields'] as const;

export const taskRunSchema = z.object({
  id: z.string(),
  object: z.literal('task_run').optional(),
  status: upstreamStatusSchema,
  result: z.string().nullish(),
  task_id: absentableString,
  credential_id: absentableString.optional(),
  session_id: absentableString.optional(),
  agent_id: absentableString.optional(),
  source_id: absentableString.optional(),
  runtime_ms: z.number().nullish(),
  output: z.unknown().optional(),
  errors: z.array(errorItemSchema).nullish(),
  interaction: interactionSchema.nullish(),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
  request_id: absentableString.optional(),
  input: z.unknown().optional(),
  vaulted_fields: z.array(z.string()).optional(),
  tokenized_fields: z.array(z.string()).optional(),
  vaulted_input_fields: z.array(z.string()).optional(),
  storage: z.array(storageInlineSchema).optional(),
  artifacts: z.object({ screenshots: z.array(screenshotSchema).default([]) }).optional(),
  /** Middle revision used include=screenshots with a top-level array. */
  screenshots: z.array(screenshotSchema).optional(),
  workflow_id: absentableString.optional(),
  canceled_at: absentableString.optional(),
});
export type UpstreamTaskRun = z.infer<typeof taskRunSchema>;

export function listResponseSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().nullish(),
    request_id: z.string().nullish(),
  });
}

export const taskRunListSchema = listResponseSchema(taskRunSchema);
export const storageListSchema = listResponseSchema(storageItemSchema);
export const screenshotListSchema = listResponseSchema(screenshotSchema);

export const errorEnvelopeSchema = z.object({
  errors: z.array(errorItemSchema).min(1),
  request_id: z.string().nullish(),
});
export type UpstreamErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export const eventSchema = z.object({
  id: z.string(),
  object: z.literal('event'),
  type: z.string(),
  data: z.unknown(),
  created_at: isoTimestamp,
  request_id: z.string().nullish(),
});
export const eventListSchema = listResponseSchema(eventSchema);

export const testResponseSchema = z.object({
  status: z.literal('ready'),
  environment: z.string().optional(),
  request_id: z.string(),
});

export const runTaskRequestSchema = z.object({
  credential_id: z.string().nullish(),
  source_id: z.string().nullish(),
  session_id: z.string().nullish(),
  input: z.unknown().optional(),
  request_id: z.string().nullish(),
});

