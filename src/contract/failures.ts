// Zod Mini, as in bff.ts: the SPA parses the failures report.
import { z } from 'zod/mini';

/**
 * Failures across runs (`GET /api/failures`): failed runs of a window from the local run index,
 * grouped by error, by source and by task. Groups are the upstream's (src/contract/error-groups.ts):
 * `source` is the website the run targeted; `unknown` is an error type the contract does not name
 * or a failed run whose errors are not known (yet).
 */

export const ERROR_GROUPS = ['platform', 'request', 'source', 'unknown'] as const;
export const errorGroupSchema = z.enum(ERROR_GROUPS);

/** Preset windows, newest end at the time of the request. */
export const FAILURE_WINDOWS = ['1h', '24h', '7d', '30d'] as const;
export type FailureWindow = (typeof FAILURE_WINDOWS)[number];
export const DEFAULT_FAILURE_WINDOW: FailureWindow = '24h';

export const FAILURE_WINDOW_MS: Record<FailureWindow, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

/** Sparkline buckets of each preset: 5 min over 1 h, 1 h over 24 h, 6 h over 7 d, 1 d over 30 d. */
export const FAILURE_BUCKET_MS: Record<FailureWindow, number> = {
  '1h': 5 * 60_000,
  '24h': 3_600_000,
  '7d': 6 * 3_600_000,
  '30d': 86_400_000,
};

/** Query parameters of `GET /api/failures`: `window`, or `from` (and optionally `to`). */
export const FAILURE_QUERY_PARAMS = ['window', 'from', 'to'] as const;

/** What one group of failed runs has in common, and when it was seen. */
const failureCountsShape = {
  /** Failed runs in the group. */
  runs: z.number(),
  /** When the first and the last of them failed (their updated_at), ISO 8601. */
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** Failed runs per bucket, oldest first, `window.bucketMs` wide from `window.from`. */
  series: z.array(z.number()),
};

export const failureByErrorSchema = z.object({
  group: errorGroupSchema,
  /** The upstream error type; null when the run's error named none or its errors are not known. */
  type: z.nullable(z.string()),
  /** The error code; null when not known. */
  code: z.nullable(z.string()),
  ...failureCountsShape,
  /** Distinct sources and tasks among these runs (how spread the failure is). */
  sources: z.number(),
  tasks: z.number(),
});
export type FailureByError = z.infer<typeof failureByErrorSchema>;

const topErrorSchema = z.nullable(z.object({ group: errorGroupSchema, code: z.nullable(z.string()), runs: z.number() }));

export const failureBySourceSchema = z.object({
  sourceId: z.nullable(z.string()),
  ...failureCountsShape,
  /** The error most of its failed runs had. */
  topError: topErrorSchema,
});
export type FailureBySource = z.infer<typeof failureBySourceSchema>;

export const failureByTaskSchema = z.object({
  taskId: z.nullable(z.string()),
  ...failureCountsShape,
  topError: topErrorSchema,
});
export type FailureByTask = z.infer<typeof failureByTaskSchema>;

export const failureShareSchema = z.object({ group: errorGroupSchema, runs: z.number() });
export type FailureShare = z.infer<typeof failureShareSchema>;

export const failuresResponseSchema = z.object({
  window: z.object({
    /** The preset asked for; null for a from/to window. */
    preset: z.nullable(z.enum(FAILURE_WINDOWS)),
    /** Runs created strictly after `from` and before `to` count (the runs list's `created_after`/`created_before`). */
    from: z.string(),
    to: z.string(),
    bucketMs: z.number(),
  }),
  /** Failed runs in the window. */
  total: z.number(),
  /** Failures per bucket over the whole window. */
  series: z.array(z.number()),
  /** Each failed run once, by the group of its first error; every group listed, zeros included. */
  shares: z.array(failureShareSchema),
  /** A run with several errors counts once under each of its distinct errors; most runs first. */
  byError: z.array(failureByErrorSchema),
  bySource: z.array(failureBySourceSchema),
  byTask: z.array(failureByTaskSchema),
  /** Failed runs whose errors Runwatch has not read yet (counted under `unknown`). */
  errorsPending: z.number(),
  /** True when the window held more failed runs than one report reads; counts cover the newest ones. */
  truncated: z.boolean(),
});
export type FailuresResponse = z.infer<typeof failuresResponseSchema>;
