import { z } from 'zod';
import { REQUEST_ID } from './contract-schemas';

/**
 * What the simulator promises to send in drift mode: still inside the contract's looser rules
 * (nulls for optional values, "" for missing ids, older field names, extra fields, any status text),
 * but nothing beyond them. Independent of the schemas Runwatch reads with, like contract-schemas.ts.
 */
const timestamp = z.iso.datetime();
const prefixedId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[A-Za-z0-9_-]+$`));
const missingId = (prefix: string) => z.union([prefixedId(prefix), z.literal('')]).nullable();
const signedUrl = z.url().regex(/[?&]expires=\d+&signature=[A-Za-z0-9_-]+$/);

export const driftErrorItemSchema = z.looseObject({
  type: z.string().min(1).optional(),
  code: z.string().min(1).optional(),
  message: z.string().min(1).nullable(),
  field: z.string().nullable().optional(),
});

export const driftScreenshotSchema = z.looseObject({
  file_name: z.string().min(1),
  file_type: z.literal('image/png').nullable(),
  file_size: z.number().int().positive().nullable(),
  created_at: timestamp,
  url: signedUrl.nullable(),
  reasoning: z.string().nullable(),
});

const driftInlineStorageSchema = z.looseObject({
  id: prefixedId('stor_'),
  object: z.literal('storage'),
  file_name: z.string().min(1),
  file_type: z.string().min(1).nullable(),
  file_size: z.number().int().min(0).nullable(),
  created_at: timestamp,
  // The middle revision's inline items carried neither.
  url: signedUrl.optional(),
  extraction: z.unknown().optional(),
});

export const driftStorageItemSchema = driftInlineStorageSchema.extend({
  url: signedUrl,
  metadata: z.record(z.string(), z.unknown()).nullable(),
  task_run_id: prefixedId('trun_'),
  result: z.enum(['success', 'failure']).optional(),
  fetch_date: timestamp.optional(),
});

const vaultedList = z.array(z.string().min(1)).min(1).optional();

export const driftRunSchema = z.looseObject({
  id: prefixedId('trun_'),
  object: z.literal('task_run'),
  status: z.string().regex(/^[a-z_]+$/),
  result: z.enum(['success', 'failure', 'unknown']).nullable(),
  task_id: prefixedId('task_'),
  credential_id: missingId('cred_'),
  session_id: missingId('sess_'),
  agent_id: prefixedId('agt_'),
  source_id: missingId('src_'),
  runtime_ms: z.number().int().min(0).nullable(),
  output: z.unknown(),
  errors: z.array(driftErrorItemSchema).nullable(),
  interaction: z
    .looseObject({
      type: z.string().min(1),
      message: z.string().min(1).nullable(),
      fields: z.array(z.looseObject({ name: z.string().min(1), type: z.string().min(1), label: z.string().min(1).nullable() })).min(1),
    })
    .nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  request_id: z.string().regex(REQUEST_ID),
  input: z.unknown().optional(),
  vaulted_fields: vaultedList,
  tokenized_fields: vaultedList,
  vaulted_input_fields: vaultedList,
  storage: z.array(driftInlineStorageSchema).nullable().optional(),
  artifacts: z
    .looseObject({ screenshots: z.array(driftScreenshotSchema) })
    .nullable()
    .optional(),
  screenshots: z.array(driftScreenshotSchema).nullable().optional(),
  workflow_id: missingId('wflo_').optional(),
  canceled_at: timestamp.nullable().optional(),
});
export type DriftRun = z.infer<typeof driftRunSchema>;

/** List items are checked one by one: drift may make one of them unreadable on purpose. */
export const driftRunListSchema = z.strictObject({
  data: z.array(z.unknown()),
  has_more: z.boolean(),
  next_cursor: z.string().min(1).nullable(),
  request_id: z.string().regex(REQUEST_ID),
});

export const driftErrorEnvelopeSchema = z.looseObject({ errors: z.array(driftErrorItemSchema).min(1), request_id: z.string().regex(REQUEST_ID) });
