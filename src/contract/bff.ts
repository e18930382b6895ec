import { z } from 'zod/mini';
import { RUN_RESULTS, RUN_STATUSES } from './run-status';

/**
 * The DTOs Runwatch's own `/api` routes return. The server builds them from upstream objects after
 * normalisation (canonical status, `[]`/`""` folded to absent, URLs rewritten to Runwatch routes);
 * the SPA parses them in every `queryFn`. Written with Zod Mini so the SPA ships the small build of
 * the schema library; the inferred types are the same as with the classic API.
 */

export const runStatusSchema = z.enum(RUN_STATUSES);
export const runResultSchema = z.enum(RUN_RESULTS);

export const runErrorSchema = z.object({
  type: z.string(),
  code: z.string(),
  message: z.string(),
  field: z.nullable(z.string()),
});
export type RunError = z.infer<typeof runErrorSchema>;

export const interactionFieldViewSchema = z.object({
  name: z.string(),
  type: z.string(),
  label: z.string(),
  options: z.nullable(z.array(z.object({ value: z.string(), label: z.string() }))),
});
export type InteractionFieldView = z.infer<typeof interactionFieldViewSchema>;

export const interactionViewSchema = z.object({
  type: z.string(),
  message: z.string(),
  fields: z.array(interactionFieldViewSchema),
});
export type InteractionView = z.infer<typeof interactionViewSchema>;

export const runFileSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  fileType: z.string(),
  fileSize: z.number(),
  createdAt: z.string(),
  /** Same-origin Runwatch route (`/api/runs/:runId/files/:storageId`), or null when not downloadable. */
  downloadUrl: z.nullable(z.string()),
  extraction: z.nullable(z.unknown()),
});
export type RunFile = z.infer<typeof runFileSchema>;

export const runScreenshotSchema = z.object({
  index: z.number().check(z.int(), z.nonnegative()),
  fileName: z.string(),
  fileType: z.string(),
  fileSize: z.number(),
  createdAt: z.string(),
  /** Same-origin Runwatch route (`/api/runs/:runId/screenshots/:index`). */
  imageUrl: z.string(),
  reasoning: z.string(),
});
export type RunScreenshot = z.infer<typeof runScreenshotSchema>;

/** A run as the SPA sees it. Optional sections are present only when they were requested. */
export const runViewSchema = z.object({
  id: z.string(),
  status: runStatusSchema,
  /** The status exactly as the upstream spelled it (e.g. `cancelling`, `pending`). */
  upstreamStatus: z.string(),
  result: z.nullable(runResultSchema),
  taskId: z.nullable(z.string()),
  agentId: z.nullable(z.string()),
  sourceId: z.nullable(z.string()),
  credentialId: z.nullable(z.string()),
  sessionId: z.nullable(z.string()),
  workflowId: z.nullable(z.string()),
  runtimeMs: z.nullable(z.number()),
  createdAt: z.string(),
  updatedAt: z.string(),
  canceledAt: z.nullable(z.string()),
  /** JSON output, an `enc_…` string when encrypted, or null while not available. */
  output: z.nullable(z.unknown()),
  errors: z.array(runErrorSchema),
  interaction: z.nullable(interactionViewSchema),
  upstreamRequestId: z.nullable(z.string()),
  input: z.optional(z.unknown()),
  vaultedFields: z.optional(z.array(z.string())),
  files: z.optional(z.array(runFileSchema)),
  screenshots: z.optional(z.array(runScreenshotSchema)),
});
export type RunView = z.infer<typeof runViewSchema>;

/** How fresh a response is: served live from the upstream, from the short reuse window, or stale. */
export const freshnessSchema = z.object({
  stale: z.boolean(),
  /** When Runwatch last got this data from the upstream (ISO 8601). */
  fetchedAt: z.string(),
  ageSeconds: z.number().check(z.nonnegative()),
});
export type Freshness = z.infer<typeof freshnessSchema>;

export const runResponseSchema = z.object({
  run: runViewSchema,
  freshness: freshnessSchema,
});
export type RunResponse = z.infer<typeof runResponseSchema>;

export const runSummarySchema = z.omit(runViewSchema, {
  input: true,
  vaultedFields: true,
  files: true,
  screenshots: true,
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runListResponseSchema = z.object({
  runs: z.array(runSummarySchema),
  hasMore: z.boolean(),
  nextCursor: z.nullable(z.string()),
  freshness: freshnessSchema,
});
export type RunListResponse = z.infer<typeof runListResponseSchema>;

export const timelineEntrySchema = z.object({
  status: runStatusSchema,
  upstreamStatus: z.string(),
  /** When Runwatch first observed this status (ISO 8601). */
  observedAt: z.string(),
  /** The run's `updated_at` in the response that first showed this status. */
  upstreamUpdatedAt: z.nullable(z.string()),
  runtimeMs: z.nullable(z.number()),
  result: z.nullable(runResultSchema),
  errorCodes: z.array(z.string()),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelineResponseSchema = z.object({
  runId: z.string(),
  /** When Runwatch first saw this run at all; earlier history is unknown to it. */
  firstObservedAt: z.nullable(z.string()),
  entries: z.array(timelineEntrySchema),
});
export type TimelineResponse = z.infer<typeof timelineResponseSchema>;

export const submitInteractionBodySchema = z.object({
  input: z.record(z.string(), z.string().check(z.maxLength(1000))),
});
export type SubmitInteractionBody = z.infer<typeof submitInteractionBodySchema>;

/** Every Runwatch error response has this one shape. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** Runwatch's id for the failing request, also in the `X-Request-Id` header. */
    requestId: z.string(),
    /** The upstream's `request_id` when the upstream answered, for the upstream's support. */
    upstreamRequestId: z.nullable(z.string()),
    details: z.optional(z.unknown()),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** The custom header every unsafe `/api` request must carry (CSRF defence). */
export const CSRF_HEADER = 'x-runwatch-csrf';
export const CSRF_HEADER_VALUE = '1';

export const sessionUserSchema = z.object({
  name: z.string(),
  role: z.enum(['viewer', 'operator', 'admin']),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** `GET /api/session`: who is signed in (401 when nobody is). */
export const sessionResponseSchema = z.object({ user: sessionUserSchema });
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

/** `GET /api/lookup/request/:requestId`: the run an upstream `req_…` id belongs to, as Runwatch saw it. */
export const requestLookupResponseSchema = z.object({
  requestId: z.string(),
  runId: z.string(),
  /** When Runwatch saw this request id. */
  observedAt: z.string(),
});
export type RequestLookupResponse = z.infer<typeof requestLookupResponseSchema>;
