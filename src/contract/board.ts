// Zod Mini, as in bff.ts: the SPA parses this on every board poll.
import { z } from 'zod/mini';
import { interactionViewSchema, runResultSchema, runStatusSchema } from './bff';

/**
 * `GET /api/board`: the operator's board. Served from Runwatch's run index (one shared read per
 * poll window for every viewer); a "needs you" card carries the waiting prompt from the cached
 * run read, made once per status change of that run, never per viewer.
 */

/** Statuses a run can wait in for a person or a session, each with its own stuck threshold. */
export const WAITING_STATUSES = ['queued', 'interaction_required', 'review_required'] as const;
export type WaitingStatus = (typeof WAITING_STATUSES)[number];

export const boardCardSchema = z.object({
  runId: z.string(),
  /** null = a status Runwatch does not know (see upstreamStatus). */
  status: z.nullable(runStatusSchema),
  upstreamStatus: z.string(),
  result: z.nullable(runResultSchema),
  taskId: z.nullable(z.string()),
  /** The website the run works on. */
  sourceId: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When the run entered its current status as far as Runwatch can tell (ISO 8601). */
  since: z.string(),
  /** Waiting (queued, for input, in review) longer than the configured threshold. */
  stuck: z.boolean(),
  /** The caller has this run on their watchlist. */
  pinned: z.boolean(),
  /** Finished runs: their first error code, if any (e.g. `interaction_timeout`). */
  errorCode: z.nullable(z.string()),
  /**
   * Only on "needs you" cards: the waiting prompt, null while it is being read or when the read
   * failed (see `promptProblem`).
   */
  interaction: z.optional(z.nullable(interactionViewSchema)),
  /** Why the prompt is not shown: `loading` (read under way) or `unavailable` (the read failed). */
  promptProblem: z.optional(z.nullable(z.enum(['loading', 'unavailable']))),
  /**
   * Only on "needs you" cards: when the prompt is expected to expire (ISO 8601). An estimate: the
   * upstream contract gives no number for the interaction window (see `interactionWindow`).
   */
  expiresAt: z.optional(z.nullable(z.string())),
});
export type BoardCard = z.infer<typeof boardCardSchema>;

export const boardGroupSchema = z.object({
  cards: z.array(boardCardSchema),
  /** Runs in this group, also those beyond `cards` (the list is cut at BOARD_GROUP_LIMIT). */
  total: z.number(),
});
export type BoardGroup = z.infer<typeof boardGroupSchema>;

export const boardResponseSchema = z.object({
  /** interaction_required, longest waiting first. */
  needsYou: boardGroupSchema,
  /** review_required, longest waiting first. */
  review: boardGroupSchema,
  /** running and canceling (and statuses Runwatch does not know), newest first. */
  running: boardGroupSchema,
  /** queued, longest waiting first. */
  queued: boardGroupSchema,
  /** Finished in the last `justFinishedMinutes`, newest first. */
  justFinished: boardGroupSchema,
  /** Pinned runs that are in none of the groups above (finished earlier, or not in the index yet). */
  watched: boardGroupSchema,
  /** Runs flagged stuck across every group (also those beyond the cut lists). */
  stuckCount: z.number(),
  /** Minutes a run may wait in each status before it is flagged stuck. */
  stuckAfterMinutes: z.object({ queued: z.number(), interaction_required: z.number(), review_required: z.number() }),
  /** The assumed interaction window behind `expiresAt`; always an estimate. */
  interactionWindow: z.object({ minutes: z.number(), estimate: z.literal(true) }),
  justFinishedMinutes: z.number(),
  /** Server time of this answer (ISO 8601); countdowns run from it. */
  generatedAt: z.string(),
  /** The run index lags behind the upstream (its event feed is failing). */
  stale: z.boolean(),
});
export type BoardResponse = z.infer<typeof boardResponseSchema>;

/** Most cards one group carries; the rest are counted in `total`. */
export const BOARD_GROUP_LIMIT = 200;

/** `GET /api/watchlist`: the caller's pinned runs, newest pin first. */
export const watchlistResponseSchema = z.object({
  pins: z.array(z.object({ runId: z.string(), pinnedAt: z.string() })),
});
export type WatchlistResponse = z.infer<typeof watchlistResponseSchema>;
