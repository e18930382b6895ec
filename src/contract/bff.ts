import { z } from 'zod';
import { RUN_RESULTS, RUN_STATUSES } from './run-status';

/**
 * The DTOs Runwatch's own `/api` routes return. The server builds them from upstream objects after
 * normalisation (canonical status, `[]`/`""` folded to absent, URLs rewritten to Runwatch routes);
 * the SPA parses them in every `queryFn`.
 */

export const runStatusSchema = z.enum(RUN_STATUSES);
export const runResultSchema = z.enum(RUN_RESULTS);

export const runErrorSchema = z.object({
  type: z.string(),
  code: z.string(),
  message: z.string(),
  field: z.string().nullable(),
});
export type RunError = z.infer<typeof runErrorSchema>;

export const interactionFieldViewSchema = z.object({
  name: z.string(),
  type: z.string(),
  label: z.string(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).nullable(),
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
  downloadUrl: z.string().nullable(),
  extraction: z.unknown().nullable(),
});
export type RunFile = z.infer<typeof runFileSchema>;

export const runScreenshotSchema = z.object({
  index: z.number().int().nonnegative(),
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
  result: runResultSchema.nullable(),
  taskId: z.string().nullable(),
  agentId: z.string().nullable(),
  sourceId: z.string().nullable(),
  credentialId: z.string().nullable(),
  sessionId: z.string().nullable(),
  workflowId: z.string().nullable(),
  runtimeMs: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  canceledAt: z.string().nullable(),
  /** JSON output, an `enc_…` string when encrypted, or null while not available. */
  output: z.unknown().nullable(),
  errors: z.array(runErrorSchema),
  interaction: interactionViewSchema.nullable(),
  upstreamRequestId: z.string().nullable(),
  input: z.unknown().optional(),
  vaultedFields: z.array(z.string()).optional(),
  files: z.array(runFileSchema).optional(),
  screenshots: z.array(runScreenshotSchema).optional(),
});
export type RunView = z.infer<typeof runViewSchema>;

/** How fresh a response is: served live from the upstream, from the short reuse window, or stale. */
export const freshnessSchema = z.object({
  stale: z.boolean(),
  /** When Runwatch last got this data from the upstream (ISO 8601). */
  fetchedAt: z.string(),
  ageSeconds: z.number().nonnegative(),
});
export type Freshness = z.infer<typeof freshnessSchema>;

export const runResponseSchema = z.object({
  run: runViewSchema,
  freshness: freshnessSchema,
});
export type RunResponse = z.infer<typeof runResponseSchema>;

export const runSummarySchema = runViewSchema.omit({
  input: true,
  vaultedFields: true,
  files: true,
  screenshots: true,
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runListResponseSchema = z.object({
  runs: z.array(runSummarySchema),
  hasMore: z.boolean(),
  nextCursor: z.string().nullable(),
  freshness: freshnessSchema,
});
export type RunListResponse = z.infer<typeof runListResponseSchema>;

export const timelineEntrySchema = z.object({
  status: runStatusSchema,
  upstreamStatus: z.string(),
  /** When Runwatch first observed this status (ISO 8601). */
  observedAt: z.string(),
  /** The run's `updated_at` in the response that first showed this status. */
  upstreamUpdatedAt: z.string().nullable(),
  runtimeMs: z.number().nullable(),
  result: runResultSchema.nullable(),
  errorCodes: z.array(z.string()),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelineResponseSchema = z.object({
  runId: z.string(),
  /** When Runwatch first saw this run at all; earlier history is unknown to it. */
  firstObservedAt: z.string().nullable(),
  entries: z.array(timelineEntrySchema),
});
export type TimelineResponse = z.infer<typeof timelineResponseSchema>;

export const submitInteractionBodySchema = z.object({
  input: z.record(z.string(), z.string().max(1000)),
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
    upstreamRequestId: z.string().nullable(),
    details: z.unknown().optional(),
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
