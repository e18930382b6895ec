import { API_ERROR } from '@/contract/api-errors';
import { ROLE } from '@/contract/roles';
import type { RunScreenshotsResponse } from '@/contract/run-screenshots';
import { ApiHttpError } from '../http/api-error';
import { freshness } from '../http/freshness';
import { idParam, queryParams } from '../http/request-input';
import { asRequester } from '../http/requester';
import { apiErrorFromUpstream } from '../http/upstream-failure';
import { screenshotViews, type ScreenshotFeed } from '../runs/screenshot-feed';
import type { RouteSpec } from '../http/route-table';

/** Highest `after` accepted: far beyond any run's screenshots (one every ~5 s, kept 15 days). */
const MAX_AFTER = 1_000_000;

/**
 * Screenshot progress of a working run for an open gallery: `?after=N` returns the screenshots
 * from position N on. However many galleries poll, the upstream is read once per run per window
 * (see runs/screenshot-feed.ts); images stay on `/api/runs/:runId/screenshots/:index`.
 */
export function runScreenshotRoutes(deps: { screenshots: ScreenshotFeed }): RouteSpec[] {
  const { screenshots } = deps;
  return [
    {
      method: 'GET',
      path: '/api/runs/:runId/screenshots',
      policy: ROLE.viewer,
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        const after = parseAfter(queryParams(c, ['after']).after);
        const read = await asRequester(c, () => screenshots.read(runId)).catch((error: unknown) => {
          throw apiErrorFromUpstream(error, 'run');
        });
        const { screenshots: all, problems } = screenshotViews(read.value);
        const body: RunScreenshotsResponse = {
          runId,
          total: all.length,
          screenshots: all.slice(after),
          sectionProblems: problems,
          freshness: freshness(c, read),
        };
        return c.json(body);
      },
    },
  ];
}

function parseAfter(values: string[] | undefined): number {
  if (values === undefined) return 0;
  const text = values.length === 1 ? values[0]! : '';
  if (!/^(0|[1-9][0-9]{0,6})$/.test(text) || Number(text) > MAX_AFTER) {
    throw new ApiHttpError(API_ERROR.invalid_request, `after must be a whole number from 0 to ${MAX_AFTER.toLocaleString('en-US')}`, {
      details: { parameter: 'after' },
    });
  }
  return Number(text);
}
