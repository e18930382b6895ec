import { z } from 'zod';
import { API_ERROR } from '@/contract/api-errors';
import {
  DEFAULT_FAILURE_WINDOW,
  FAILURE_BUCKET_MS,
  FAILURE_QUERY_PARAMS,
  FAILURE_WINDOW_MS,
  FAILURE_WINDOWS,
  type FailuresResponse,
} from '@/contract/failures';
import { ROLE } from '@/contract/roles';
import { ApiHttpError } from '../http/api-error';
import { queryParams } from '../http/request-input';
import { aggregateFailures, type FailureWindowBounds } from '../runs/failure-aggregate';
import type { EventStore, RunIndexSnapshot } from '../store/event-store';
import type { RouteSpec } from '../http/route-table';

/** Most failed runs one report reads (newest first); a larger window is marked truncated. */
export const MAX_FAILURE_REPORT_RUNS = 20_000;
const PAGE = 1_000;
/** A from/to window is split in about this many buckets (at least a minute each). */
const CUSTOM_BUCKETS = 24;
const LONGEST_WINDOW_MS = 31 * 86_400_000;

const failureQuerySchema = z
  .object({
    window: z.enum(FAILURE_WINDOWS),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
  })
  .partial();

export interface FailuresRouteDeps {
  /** The run index; without it (RUNWATCH_EVENTS=off) the report cannot be made and says so. */
  events?: EventStore;
  now?: () => number;
}

/**
 * `GET /api/failures?window=1h|24h|7d|30d` or `?from=…[&to=…]`: failed runs of the window from the
 * run index, grouped (see src/server/runs/failure-aggregate.ts). No upstream call: the index is
 * kept by the events, and the errors of failed runs by one back-fill read each.
 */
export function failuresRoutes(deps: FailuresRouteDeps): RouteSpec[] {
  const now = deps.now ?? Date.now;
  return [
    {
      method: 'GET',
      path: '/api/failures',
      policy: ROLE.viewer,
      handler: async (c) => {
        const window = failureWindow(queryParams(c, FAILURE_QUERY_PARAMS), now());
        if (!deps.events) {
          throw new ApiHttpError(API_ERROR.not_ready, 'failures are counted from the run index, which needs the upstream events (RUNWATCH_EVENTS=on)');
        }
        const { runs, truncated } = await failedRuns(deps.events, window);
        const body: FailuresResponse = aggregateFailures(runs, window, truncated);
        return c.json(body);
      },
    },
  ];
}

export function failureWindow(raw: Record<string, string[]>, nowMs: number): FailureWindowBounds {
  const shaped: Record<string, string> = {};
  for (const [key, values] of Object.entries(raw)) {
    if (values.length !== 1) throw new ApiHttpError(API_ERROR.invalid_request, `the ${key} parameter may appear only once`, { details: { parameter: key } });
    shaped[key] = values[0]!;
  }
  const parsed = failureQuerySchema.safeParse(shaped);
  if (!parsed.success) {
    const parameters = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
    throw new ApiHttpError(API_ERROR.invalid_request, `invalid value for ${parameters.join(', ')}`, { details: { parameters } });
  }
  const { window, from, to } = parsed.data;
  if (window !== undefined && (from !== undefined || to !== undefined)) {
    throw new ApiHttpError(API_ERROR.invalid_request, 'give either window or from/to, not both', { details: { parameters: ['window', 'from', 'to'] } });
  }
  if (from === undefined) {
    if (to !== undefined) throw new ApiHttpError(API_ERROR.invalid_request, 'to needs from', { details: { parameters: ['from'] } });
    const preset = window ?? DEFAULT_FAILURE_WINDOW;
    // The end is rounded up to the next bucket edge, so buckets stay put while the page refreshes.
    const bucketMs = FAILURE_BUCKET_MS[preset];
    const toMs = Math.ceil(nowMs / bucketMs) * bucketMs;
    return { preset, fromMs: toMs - FAILURE_WINDOW_MS[preset], toMs, bucketMs };
  }
  const fromMs = Date.parse(from);
  const toMs = to === undefined ? nowMs : Date.parse(to);
  if (!(toMs > fromMs)) throw new ApiHttpError(API_ERROR.invalid_request, 'from must be before to', { details: { parameters: ['from', 'to'] } });
  if (toMs - fromMs > LONGEST_WINDOW_MS) {
    throw new ApiHttpError(API_ERROR.invalid_request, 'a window may span at most 31 days (the upstream keeps 30)', { details: { parameters: ['from', 'to'] } });
  }
  const bucketMs = Math.max(60_000, Math.ceil((toMs - fromMs) / CUSTOM_BUCKETS / 60_000) * 60_000);
  return { preset: null, fromMs, toMs, bucketMs };
}

async function failedRuns(events: EventStore, window: FailureWindowBounds): Promise<{ runs: RunIndexSnapshot[]; truncated: boolean }> {
  const filter = { statuses: ['failed'], createdAfter: new Date(window.fromMs).toISOString(), createdBefore: new Date(window.toMs).toISOString() };
  const runs: RunIndexSnapshot[] = [];
  let cursor: string | null = null;
  do {
    const page = await events.listRuns(filter, { limit: PAGE, cursor });
    runs.push(...page.runs);
    cursor = page.nextCursor;
  } while (cursor !== null && runs.length < MAX_FAILURE_REPORT_RUNS);
  return { runs: runs.slice(0, MAX_FAILURE_REPORT_RUNS), truncated: cursor !== null };
}
