// Zod Mini, as in bff.ts: the SPA may import this file too.
import { z } from 'zod/mini';
import { auditEntrySchema } from './audit';
import { runErrorSchema, runFileSchema, timelineResponseSchema } from './bff';

/**
 * `GET /api/runs/:runId/bundle`: one zip a support ticket can carry. It holds `bundle.json` (this
 * schema) and the screenshots as `screenshots/NNN.<ext>`. Nothing secret goes in: no vaulted input
 * values, no signed links (every URL loses its query string, links to files are dropped), no
 * interaction answers (Runwatch never keeps them), no key- or token-shaped text, no audit addresses.
 */

export const BUNDLE_FORMAT = 'runwatch-run-bundle';
export const BUNDLE_VERSION = 1;
export const BUNDLE_JSON_NAME = 'bundle.json';

/** Screenshot images a bundle carries at most; later ones are listed with their reasoning only. */
export const BUNDLE_MAX_SCREENSHOTS = 300;
/** Image bytes a bundle carries at most; shots past it are listed with their reasoning only. */
export const BUNDLE_MAX_IMAGE_BYTES = 64 * 1024 * 1024;

/** Why a screenshot's image is not in the bundle. */
export const BUNDLE_SHOT_OMISSIONS = ['count_cap', 'size_cap', 'unavailable', 'not_an_image'] as const;

export const bundleScreenshotSchema = z.object({
  /** 1-based, in the order the upstream lists them (the run page's `?shot=` position). */
  position: z.number(),
  fileName: z.string(),
  fileType: z.string(),
  fileSize: z.nullable(z.number()),
  createdAt: z.nullable(z.string()),
  reasoning: z.string(),
  /** Path of the image inside the zip, or null when it was left out (see `omitted`). */
  file: z.nullable(z.string()),
  omitted: z.nullable(z.enum(BUNDLE_SHOT_OMISSIONS)),
});
export type BundleScreenshot = z.infer<typeof bundleScreenshotSchema>;

export const bundleErrorSchema = z.object({
  ...runErrorSchema.shape,
  /** The contract's error group (platform, request, source, unknown) and what it means. */
  group: z.string(),
  groupMeaning: z.string(),
});
export type BundleError = z.infer<typeof bundleErrorSchema>;

export const runBundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  generatedAt: z.string(),
  /** Who downloaded it (account name), for whoever reads the ticket later. */
  generatedBy: z.nullable(z.string()),
  /** Path of the run page in Runwatch, e.g. `/runs/trun_…`. */
  link: z.string(),
  run: z.object({
    id: z.string(),
    status: z.nullable(z.string()),
    upstreamStatus: z.string(),
    result: z.nullable(z.string()),
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
    output: z.nullable(z.unknown()),
    /** The input the run started with, vaulted fields removed; absent when the upstream sent none. */
    input: z.optional(z.unknown()),
    vaultedFields: z.array(z.string()),
    /** Captured files: names, types, sizes and extractions; never their links. */
    files: z.array(z.omit(runFileSchema, { downloadUrl: true })),
    /** The waiting prompt's kind and message, never what anyone answered. */
    interaction: z.nullable(z.object({ type: z.string(), message: z.string() })),
    upstreamRequestId: z.nullable(z.string()),
  }),
  errors: z.array(bundleErrorSchema),
  timeline: timelineResponseSchema,
  screenshots: z.array(bundleScreenshotSchema),
  audit: z.array(auditEntrySchema),
  /** Upstream request ids Runwatch knows for this run (its read, answers and cancels). */
  requestIds: z.array(z.string()),
  /** The upstream's JSON for the run, with the same secrets removed. */
  raw: z.unknown(),
});
export type RunBundle = z.infer<typeof runBundleSchema>;
