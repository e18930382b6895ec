import { z } from 'zod';
import { errorEnvelopeSchema, taskRunSchema } from '../../contract/upstream';

/**
 * Stricter views on the shared contract schemas for asserting what the simulator itself promises
 * (it always emits the newest revision's shapes).
 */
export const REQUEST_ID = /^req_[0-9a-f]{14}$/;

export const simulatorRunSchema = taskRunSchema.extend({
  object: z.literal('task_run'),
  request_id: z.string().regex(REQUEST_ID),
});

export function expectEnvelope(raw: unknown): z.infer<typeof errorEnvelopeSchema> {
  return errorEnvelopeSchema.parse(raw);
}
