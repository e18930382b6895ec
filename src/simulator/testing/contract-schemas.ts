import { z } from 'zod';

/**
 * What the simulator promises to send when drift is off: the newest contract revision's shapes,
 * strictly (no unknown keys, no nulls where the newest revision leaves a key out, ids with their
 * prefixes). Written independently of the schemas Runwatch reads with (src/contract/upstream.ts):
 * checking the simulator with the reader's own schemas would only prove they agree with each other.
 */
export const REQUEST_ID = /^req_[0-9a-f]{14}$/;

const timestamp = z.iso.datetime();
const prefixedId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[A-Za-z0-9_-]+$`));
const signedUrl = z.url().regex(/[?&]expires=\d+&signature=[A-Za-z0-9_-]+$/);

/** Newest revision plus the `cancelling` spelling the simulator's cancelSpelling setting selects. */
export const SIMULATOR_STATUSES = [
  'queued',
  'running',
  'interaction_required',
  'review_required',
  'canceling',
  'cancelling',
  'canceled',
  'completed',
  'failed',
] as const;

export const errorItemSchema = z.strictObject({
  type: z.string().min(1),
  code: z.string().min(1),
  message: z.string().min(1),
  field: z.string().nullable().optional(),
});

export const interactionSchema = z.strictObject({
  type: z.string().min(1),
  message: z.string().min(1),
  fields: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        type: z.string().min(1),
        label: z.string().min(1),
        /** Non-standard; only with the fieldOptions setting. */
        options: z.array(z.strictObject({ value: z.string().min(1), label: z.string().min(1) })).optional(),
      }),
    )
    .min(1),
});

const storageCore = {
  id: prefixedId('stor_'),
  object: z.literal('storage'),
  file_name: z.string().min(1),
  file_type: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/),
  file_size: z.number().int().min(0),
  created_at: timestamp,
  url: signedUrl,
  extraction: z.unknown(),
};

export const inlineStorageSchema = z.strictObject(storageCore);

export const storageItemSchema = z.strictObject({
  ...storageCore,
  metadata: z.record(z.string(), z.unknown()).nullable(),
  task_run_id: prefixedId('trun_'),
  result: z.enum(['success', 'failure']),
});

export const screenshotSchema = z.strictObject({
  file_name: z.string().regex(/^trun_[A-Za-z0-9_-]+_\d{4,}\.png$/),
  file_type: z.literal('image/png'),
  file_size: z.number().int().positive(),
  created_at: timestamp,
  url: signedUrl,
  reasoning: z.string(),
});

export const simulatorRunSchema = z.strictObject({
  id: prefixedId('trun_'),
  object: z.literal('task_run'),
  status: z.enum(SIMULATOR_STATUSES),
  result: z.enum(['success', 'failure', 'unknown']).nullable(),
  task_id: prefixedId('task_'),
  credential_id: prefixedId('cred_').nullable(),
  session_id: prefixedId('sess_').nullable(),
  agent_id: prefixedId('agt_'),
  source_id: prefixedId('src_').nullable(),
  runtime_ms: z.number().int().min(0).nullable(),
  output: z.unknown(),
  errors: z.array(errorItemSchema).min(1).nullable(),
  interaction: interactionSchema.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  request_id: z.string().regex(REQUEST_ID),
  // Sections: present only when requested.
  input: z.unknown().optional(),
  vaulted_fields: z.array(z.string().min(1)).min(1).optional(),
  storage: z.array(inlineStorageSchema).optional(),
  artifacts: z.strictObject({ screenshots: z.array(screenshotSchema) }).optional(),
});
export type SimulatorRun = z.infer<typeof simulatorRunSchema>;

function listSchema<T extends z.ZodType>(item: T) {
  return z.strictObject({
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().min(1).nullable(),
    request_id: z.string().regex(REQUEST_ID),
  });
}

export const runListSchema = listSchema(simulatorRunSchema);
export const storageListSchema = listSchema(storageItemSchema);
export const screenshotListSchema = listSchema(screenshotSchema);
export const storageItemResponseSchema = storageItemSchema.extend({ request_id: z.string().regex(REQUEST_ID) });

export const eventSchema = z.strictObject({
  id: prefixedId('evt_'),
  object: z.literal('event'),
  type: z.string().regex(/^[a-z_]+\.[a-z_]+$/),
  data: z.record(z.string(), z.unknown()),
  created_at: timestamp,
  /** The request that caused the event; null for what the platform did by itself. */
  request_id: z.string().regex(REQUEST_ID).nullable(),
});
export const eventListSchema = listSchema(eventSchema);

/** A webhook event destination as the simulator answers (the contract's `webhook.*` config shape). */
export const eventDestinationSchema = z.strictObject({
  id: prefixedId('evtd_'),
  object: z.literal('event_destination'),
  name: z.string().min(1),
  type: z.literal('webhook'),
  status: z.enum(['active', 'inactive']),
  events: z.array(z.string().min(1)).min(1),
  webhook: z.strictObject({
    url: z.url(),
    custom_headers: z.string().nullable(),
    secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/),
  }),
  created_at: timestamp,
  updated_at: timestamp,
  request_id: z.string().regex(REQUEST_ID),
});
export const eventDestinationListSchema = listSchema(eventDestinationSchema.omit({ request_id: true }));

/** The contract's EventDelivery plus the simulator's `id`, `next_attempt_at` and `response_status`. */
export const eventDeliverySchema = z.strictObject({
  id: prefixedId('edlv_'),
  object: z.literal('event_delivery'),
  status: z.enum(['pending', 'success', 'failure']),
  event_type: z.string().min(1),
  event_id: prefixedId('evt_'),
  event_destination_id: prefixedId('evtd_'),
  attempts: z.number().int().min(0).max(4),
  created_at: timestamp,
  delivered_at: timestamp.nullable(),
  next_attempt_at: timestamp.nullable(),
  response_status: z.number().int().min(0).nullable(),
});
export const eventDeliveryListSchema = listSchema(eventDeliverySchema);

export const testResponseSchema = z.strictObject({ status: z.literal('ready'), environment: z.literal('live'), request_id: z.string().regex(REQUEST_ID) });

export const errorEnvelopeSchema = z.strictObject({ errors: z.array(errorItemSchema).min(1), request_id: z.string().regex(REQUEST_ID) });

export function expectEnvelope(raw: unknown): z.infer<typeof errorEnvelopeSchema> {
  return errorEnvelopeSchema.parse(raw);
}
