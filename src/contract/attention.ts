// Zod Mini, as in bff.ts: the SPA polls this from every signed-in page.
import { z } from 'zod/mini';
import { RUN_STATUSES } from './run-status';

/**
 * `GET /api/attention`: what should reach a person wherever they are in the console. Served from
 * Runwatch's own run index, so polling it costs the upstream nothing.
 */

export const attentionRunSchema = z.object({
  runId: z.string(),
  /** null = a status Runwatch does not know (see upstreamStatus). */
  status: z.nullable(z.enum(RUN_STATUSES)),
  upstreamStatus: z.string(),
  taskId: z.nullable(z.string()),
  /** The website the run works on. */
  sourceId: z.nullable(z.string()),
  /** Known only once the run was read (e.g. `mfa`); null from events alone. */
  interactionType: z.nullable(z.string()),
  /** The run's updated_at (ISO 8601). */
  updatedAt: z.string(),
});
export type AttentionRun = z.infer<typeof attentionRunSchema>;

export const attentionResponseSchema = z.object({
  /** Runs waiting for a human (`interaction_required`), longest waiting first, at most ATTENTION_LIST_LIMIT. */
  needsHuman: z.array(attentionRunSchema),
  /** All runs waiting for a human, also those beyond the list. */
  needsHumanCount: z.number(),
  /** The caller's pinned runs that are active or finished in the last WATCHED_RECENT_MINUTES. */
  watched: z.array(attentionRunSchema),
  /** Server time of this answer (ISO 8601). */
  generatedAt: z.string(),
});
export type AttentionResponse = z.infer<typeof attentionResponseSchema>;

export const ATTENTION_LIST_LIMIT = 50;
export const WATCHED_RECENT_MINUTES = 15;
