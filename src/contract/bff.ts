import { z } from 'zod/mini';
import { ANSWER_MAX_LENGTH, PROMPT_ID_MAX_LENGTH } from './limits';
import { ROLES } from './roles';
import { RUN_RESULTS, RUN_STATUSES } from './run-status';

/**
 * The DTOs Runwatch's own `/api` routes return. The server builds them from upstream objects after
 * normalisation (canonical status, `[]`/`""` folded to absent, URLs rewritten to Runwatch routes);
 * the SPA parses them in every `queryFn`. Written with Zod Mini so the SPA ships the small build of
 * the schema library; the inferred types are the same as with the classic API.
 */

export const runStatusSchema = z.enum(RUN_STATUSES);
export const runResultSchema = z.enum(RUN_RESULTS);

/**
 * One error item as the upstream sent it: `type`/`code` null when the upstream left them out,
 * `message` `''` when absent, and any fields the contract does not name kept in `extra`.
 */
export const runErrorSchema = z.object({
  type: z.nullable(z.string()),
  code: z.nullable(z.string()),
  message: z.string(),
  field: z.nullable(z.string()),
  extra: z.optional(z.record(z.string(), z.unknown())),
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
  /**
   * Identity of the prompt waiting now: derived from the run id, the run's `updated_at` and the
   * prompt's content. Stable while the same prompt waits; a fresh prompt gets a new one.
   */
  promptId: z.string(),
  type: z.string(),
  message: z.string(),
  fields: z.array(interactionFieldViewSchema),
});
export type InteractionView = z.infer<typeof interactionViewSchema>;

export const runFileSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  /** MIME type as the upstream gave it; `''` when it gave none. */
  fileType: z.string(),
  /** Bytes; null when the upstream did not say. */
  fileSize: z.nullable(z.number()),
  createdAt: z.nullable(z.string()),
  /** Same-origin Runwatch route (`/api/runs/:runId/files/:storageId`), or null when not downloadable. */
  downloadUrl: z.nullable(z.string()),
  extraction: z.nullable(z.unknown()),
});
export type RunFile = z.infer<typeof runFileSchema>;

export const runScreenshotSchema = z.object({
  index: z.number().check(z.int(), z.nonnegative()),
  fileName: z.string(),
  /** MIME type as the upstream gave it; `''` when it gave none. */
  fileType: z.string(),
  /** Bytes; null when the upstream did not say. */
  fileSize: z.nullable(z.number()),
  createdAt: z.nullable(z.string()),
  /** Same-origin Runwatch route (`/api/runs/:runId/screenshots/:index`). */
  imageUrl: z.string(),
  reasoning: z.string(),
});
export type RunScreenshot = z.infer<typeof runScreenshotSchema>;

/** A part of a run the server could not read; the SPA marks that section as degraded. */
export const sectionProblemSchema = z.object({
  /** e.g. `output`, `errors`, `interaction`, `input`, `files`, `screenshots`. */
  section: z.string(),
  problem: z.string(),
});
export type SectionProblem = z.infer<typeof sectionProblemSchema>;

/** What a run page and a list row both say of a run: its ids, status and times. */
const runIdentityShape = {
  id: z.string(),
  /** null: the upstream sent a status Runwatch does not know (see `upstreamStatus`); not final. */
  status: z.nullable(runStatusSchema),
  /** The status exactly as the upstream spelled it (e.g. `cancelling`, `pending`, or an unknown one). */
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
};

/**
 * A run as the SPA sees it. Optional sections are present only when they were requested; a
 * requested section the upstream sent absent, null or empty is `[]` (files, screenshots) or `null`
 * (input): "none captured".
 */
export const runViewSchema = z.object({
  ...runIdentityShape,
  /** JSON output, an `enc_…` string when encrypted, or null while not available. */
  output: z.nullable(z.unknown()),
  /**
   * Set when a large output was left out of this response (`output` is then null): fetch it from
   * `GET /api/runs/:id/output`. `bytes` is its JSON size; `reason` is `too_large` (other values may come).
   */
  outputOmitted: z.optional(z.object({ bytes: z.number().check(z.nonnegative()), reason: z.string() })),
  errors: z.array(runErrorSchema),
  interaction: z.nullable(interactionViewSchema),
  upstreamRequestId: z.nullable(z.string()),
  input: z.optional(z.unknown()),
  vaultedFields: z.optional(z.array(z.string())),
  files: z.optional(z.array(runFileSchema)),
  screenshots: z.optional(z.array(runScreenshotSchema)),
  /** Parts that could not be read (always present, usually `[]`). */
  sectionProblems: z.array(sectionProblemSchema),
});
export type RunView = z.infer<typeof runViewSchema>;

/** How fresh a response is: served live from the upstream, from the short reuse window, or stale. */
export const freshnessSchema = z.object({
  stale: z.boolean(),
  /** When Runwatch last got this data from the upstream (ISO 8601). */
  fetchedAt: z.string(),
  ageSeconds: z.number().check(z.nonnegative()),
  /** Why the copy is stale; set whenever `stale` is true. */
  staleReason: z.optional(z.nullable(z.enum(['upstream_unavailable', 'upstream_rate_limited', 'budget_exhausted']))),
});
export type Freshness = z.infer<typeof freshnessSchema>;

export const runResponseSchema = z.object({
  run: runViewSchema,
  freshness: freshnessSchema,
});
export type RunResponse = z.infer<typeof runResponseSchema>;

/** Longest error or prompt message a list row carries. */
export const RUN_ROW_MESSAGE_MAX = 200;
/** Most error items a list row carries (`errorCount` tells how many there are). */
export const RUN_ROW_ERRORS_MAX = 3;

/** One row of the runs list: a summary only (no output, input, files or screenshots). */
export const runRowSchema = z.object({
  ...runIdentityShape,
  /**
   * At most `RUN_ROW_ERRORS_MAX`, each message cut to `RUN_ROW_MESSAGE_MAX` characters (fewer and
   * shorter when needed to keep the row within about 1 kB of JSON); no `extra`.
   */
  errors: z.array(runErrorSchema),
  errorCount: z.number(),
  /** The waiting prompt's kind and message (cut like error messages). */
  interaction: z.nullable(z.object({ type: z.string(), message: z.string() })),
  hasOutput: z.boolean(),
  outputEncrypted: z.boolean(),
});
export type RunRow = z.infer<typeof runRowSchema>;

/** One item of the upstream's list the server could not read; the rest of the list is served. */
export const unreadableRunRowSchema = z.object({
  unreadable: z.literal(true),
  id: z.nullable(z.string()),
  upstreamStatus: z.nullable(z.string()),
  problem: z.string(),
});
export type UnreadableRunRow = z.infer<typeof unreadableRunRowSchema>;

export const runListItemSchema = z.union([unreadableRunRowSchema, runRowSchema]);
export type RunListItem = RunRow | UnreadableRunRow;

export function isUnreadableRunRow(item: RunListItem): item is UnreadableRunRow {
  return 'unreadable' in item && item.unreadable === true;
}

export const runListResponseSchema = z.object({
  runs: z.array(runListItemSchema),
  hasMore: z.boolean(),
  nextCursor: z.nullable(z.string()),
  freshness: freshnessSchema,
  /**
   * Runs matching the filters (cursor and limit aside) by status: canonical status, or the raw
   * upstream status for one Runwatch does not know. Present when the list came from Runwatch's run index.
   */
  counts: z.optional(z.record(z.string(), z.number())),
});
export type RunListResponse = z.infer<typeof runListResponseSchema>;

export const timelineEntrySchema = z.object({
  /** null: a status Runwatch does not know (see `upstreamStatus`). */
  status: z.nullable(runStatusSchema),
  upstreamStatus: z.string(),
  /** When Runwatch first observed this status (ISO 8601). */
  observedAt: z.string(),
  /** The run's `updated_at` in the response that first showed this status. */
  upstreamUpdatedAt: z.nullable(z.string()),
  runtimeMs: z.nullable(z.number()),
  result: z.nullable(runResultSchema),
  errorCodes: z.array(z.string()),
  /**
   * `event`: the status and its time come from the upstream's event log (for an entry Runwatch did not
   * observe itself, `observedAt` is the event's time); `observed`: only Runwatch's own reads saw it.
   * Absent means `observed`.
   */
  source: z.optional(z.enum(['event', 'observed'])),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelineResponseSchema = z.object({
  runId: z.string(),
  /** When Runwatch first saw this run at all; earlier history is unknown to it. */
  firstObservedAt: z.nullable(z.string()),
  /** Where the history starts: the upstream's event log, Runwatch's own observations, or nothing yet (null/absent). */
  historyFrom: z.optional(z.nullable(z.enum(['events', 'observations']))),
  entries: z.array(timelineEntrySchema),
});
export type TimelineResponse = z.infer<typeof timelineResponseSchema>;

export const submitInteractionBodySchema = z.object({
  /** The `promptId` of the prompt being answered (409 `interaction_conflict` when another one waits). */
  promptId: z.string().check(z.minLength(1), z.maxLength(PROMPT_ID_MAX_LENGTH)),
  input: z.record(z.string(), z.string().check(z.maxLength(ANSWER_MAX_LENGTH))),
});
export type SubmitInteractionBody = z.infer<typeof submitInteractionBodySchema>;

/**
 * `POST /api/runs/:id/interaction` and `/cancel`: the upstream accepted the action (any 2xx).
 * `run` is the re-read run when that worked, else null (the SPA then refetches the run itself).
 */
export const runActionResponseSchema = z.object({
  accepted: z.literal(true),
  run: z.nullable(runViewSchema),
  freshness: z.nullable(freshnessSchema),
});
export type RunActionResponse = z.infer<typeof runActionResponseSchema>;

/**
 * `GET /api/runs/:id/raw`: the upstream's JSON for the run as sent, except signed URLs, vaulted
 * values and key- or bearer-shaped strings removed.
 */
export const runRawResponseSchema = z.object({
  runId: z.string(),
  raw: z.unknown(),
  fetchedAt: z.string(),
});
export type RunRawResponse = z.infer<typeof runRawResponseSchema>;

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
  role: z.enum(ROLES),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** `GET /api/session`: who is signed in (401 when nobody is). */
export const sessionResponseSchema = z.object({ user: sessionUserSchema });
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

/** `GET /api/lookup/request/:requestId`: the run an upstream `req_…` id belongs to, as Runwatch or the upstream's event log saw it. */
export const requestLookupResponseSchema = z.object({
  requestId: z.string(),
  runId: z.string(),
  /** When Runwatch saw this request id; for one only the upstream's event log names, the time of that event. */
  observedAt: z.string(),
});
export type RequestLookupResponse = z.infer<typeof requestLookupResponseSchema>;

/** `GET /api/events/status`: how current Runwatch's copy of the upstream event log is. */
export const eventStatusResponseSchema = z.object({
  /** `off`: RUNWATCH_EVENTS=off, Runwatch follows no events. */
  mode: z.enum(['webhooks+catch_up', 'catch_up', 'off']),
  /** Start of the last complete catch-up pass: every event before it is known. */
  lastPassAt: z.nullable(z.string()),
  /** Seconds since `lastPassAt`; null before the first pass. */
  lagSeconds: z.nullable(z.number()),
  /** Time of the newest event the catch-up applied. */
  watermark: z.nullable(z.string()),
  /** Upstream failures in a row and the last one's message; 0 and null when healthy. */
  failures: z.number(),
  lastError: z.nullable(z.string()),
  backfill: z.object({
    state: z.enum(['not_started', 'running', 'done']),
    startedAt: z.nullable(z.string()),
    finishedAt: z.nullable(z.string()),
    /** Oldest event time the back-fill reached so far. */
    oldestReached: z.nullable(z.string()),
    eventsIngested: z.number(),
  }),
  webhooks: z.object({
    received: z.number(),
    rejected: z.number(),
    duplicates: z.number(),
    lastAt: z.nullable(z.string()),
  }),
  /** Events that could not be read and were skipped. */
  skippedEvents: z.number(),
});
export type EventStatusResponse = z.infer<typeof eventStatusResponseSchema>;
