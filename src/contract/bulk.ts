// Zod Mini, as in bff.ts: the SPA imports this file too and ships only the small build.
import { z } from 'zod/mini';

/**
 * Bulk actions on the runs list. `POST /api/runs/bulk-cancel` takes explicit run ids (what the
 * person saw in the preview, never a filter evaluated again on the server) and cancels each one
 * through the same path as the run page's cancel, one audit entry per run.
 */

/** Most runs one bulk cancel may name; a larger selection is sent in several requests. */
export const BULK_CANCEL_MAX_RUNS = 50;

export const bulkCancelBodySchema = z.object({
  runIds: z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.minLength(1), z.maxLength(BULK_CANCEL_MAX_RUNS)),
});
export type BulkCancelBody = z.infer<typeof bulkCancelBodySchema>;

/**
 * What happened to one run: `requested` (the upstream took the cancel), `skipped` (Runwatch's
 * index knows the run cannot be canceled any more; nothing was sent), `failed` (refused or not
 * reached; `code` is Runwatch's error code, e.g. `not_cancelable`, `upstream_unreachable`).
 */
export const bulkCancelResultSchema = z.object({
  runId: z.string(),
  outcome: z.enum(['requested', 'skipped', 'failed']),
  code: z.nullable(z.string()),
  message: z.nullable(z.string()),
  /** The run's status after the cancel when it could be read (or the index's, for a skipped run). */
  status: z.nullable(z.string()),
});
export type BulkCancelResult = z.infer<typeof bulkCancelResultSchema>;

export const bulkCancelResponseSchema = z.object({
  results: z.array(bulkCancelResultSchema),
});
export type BulkCancelResponse = z.infer<typeof bulkCancelResponseSchema>;

/** Most rows one export writes; the response says when the list was longer. */
export const RUN_EXPORT_MAX_ROWS = 10_000;

/** The columns of a CSV export, in order (a JSON export carries the same rows as objects). */
export const RUN_EXPORT_COLUMNS = [
  'id',
  'status',
  'upstream_status',
  'result',
  'task_id',
  'source_id',
  'agent_id',
  'credential_id',
  'workflow_id',
  'created_at',
  'updated_at',
  'runtime_ms',
  'error_codes',
  'interaction_type',
] as const;
