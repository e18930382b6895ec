import { z } from 'zod/mini';
import { freshnessSchema, runScreenshotSchema, sectionProblemSchema } from './bff';

/**
 * `GET /api/runs/:runId/screenshots?after=N`: a working run's screenshots from position N on
 * (0-based `index`, the same positions as `RunView.screenshots`), so a gallery that holds N of
 * them fetches only what is new. `total` is how many the run has in all.
 */
export const runScreenshotsResponseSchema = z.object({
  runId: z.string(),
  total: z.number().check(z.int(), z.nonnegative()),
  screenshots: z.array(runScreenshotSchema),
  /** Screenshots that could not be read (usually `[]`). */
  sectionProblems: z.array(sectionProblemSchema),
  freshness: freshnessSchema,
});
export type RunScreenshotsResponse = z.infer<typeof runScreenshotsResponseSchema>;
