import type { Context } from 'hono';
import { API_ERROR } from '@/contract/api-errors';
import type { RunListResponse, RunRawResponse, TimelineResponse } from '@/contract/bff';
import { ROLE } from '@/contract/roles';
import { ApiHttpError } from '../http/api-error';
import { freshness } from '../http/freshness';
import { idParam, queryParams } from '../http/request-input';
import { asRequester } from '../http/requester';
import { apiErrorFromUpstream } from '../http/upstream-failure';
import { MAX_JSON_DEPTH, isDeeperThan } from '../runs/json-depth';
import { stringifyWithoutRecursion } from '../runs/json-text';
import { redactRawRun } from '../runs/raw-run';
import { ResponseBytesCache } from '../runs/response-bytes-cache';
import type { RunReader } from '../runs/run-reader';
import { mergeTimeline } from '../runs/timeline-merge';
import { InvalidCursorError, InvalidRunFilterError, type EventStore } from '../store/event-store';
import type { ObservationStore } from '../store/observation-store';
import type { RunInclude } from '../upstream/run-include';
import type { RouteSpec } from '../http/route-table';
import { RUN_LIST_PARAMS, parseRunListQuery } from './run-list-query';
import { includeKeyOf, includesOf, parseInclude, plainIncludeQuery, runReadAnswer, runReadKey, sendRunReadAnswer } from './shared-run-response';

/** Every section, so the raw view shows all the upstream sends (and shares the run page's cached read). */
const RAW_INCLUDES: RunInclude[] = ['input', 'storage', 'artifacts'];

/**
 * Reading runs: the list, one run, its raw upstream JSON, and the status history — from the
 * upstream's event log when there is an event store, merged with what Runwatch observed.
 */
export function runReadRoutes(deps: { reader: RunReader; store: ObservationStore; events?: EventStore; bodies?: ResponseBytesCache }): RouteSpec[] {
  const { reader, store, events } = deps;
  // A run's response bytes, made once per cached copy and handed to every viewer of it.
  const bodies = deps.bodies ?? new ResponseBytesCache();
  return [
    {
      method: 'GET',
      path: '/api/runs',
      policy: ROLE.viewer,
      handler: async (c) => {
        const filters = parseRunListQuery(queryParams(c, RUN_LIST_PARAMS));
        const read = await asRequester(c, () => reader.listRuns(filters)).catch((error: unknown) => {
          if (error instanceof InvalidCursorError) {
            throw new ApiHttpError(API_ERROR.invalid_cursor, 'this cursor was not issued for this list; start again from the first page', {
              details: { parameter: 'cursor' },
            });
          }
          if (error instanceof InvalidRunFilterError) {
            throw new ApiHttpError(API_ERROR.invalid_request, `invalid value for ${error.field}`, { details: { parameters: [error.field] } });
          }
          throw apiErrorFromUpstream(error, 'list');
        });
        const body: RunListResponse = {
          runs: read.value.runs,
          hasMore: read.value.hasMore,
          nextCursor: read.value.nextCursor,
          freshness: freshness(c, read),
        };
        if (read.value.counts) body.counts = read.value.counts;
        return c.json(body);
      },
    },
    {
      method: 'GET',
      path: '/api/runs/:runId',
      policy: ROLE.viewer,
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        const include = runReadIncludes(c);
        // A copy within its window needs no upstream call, so none of the set-up for one.
        const read =
          reader.peekRun(runId, include) ??
          (await asRequester(c, () => reader.readRun(runId, include)).catch((error: unknown) => {
            throw apiErrorFromUpstream(error, 'run');
          }));
        const request = { head: c.req.method === 'HEAD', acceptEncoding: c.req.header('Accept-Encoding'), ifNoneMatch: c.req.header('If-None-Match') };
        return sendRunReadAnswer(c, runReadAnswer(bodies, runReadKey(runId, includeKeyOf(include)), read, request));
      },
    },
    {
      method: 'GET',
      path: '/api/runs/:runId/raw',
      policy: ROLE.viewer,
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        queryParams(c, []);
        const read = await asRequester(c, () => reader.readRun(runId, RAW_INCLUDES)).catch((error: unknown) => {
          throw apiErrorFromUpstream(error, 'run');
        });
        freshness(c, read);
        const body: RunRawResponse = { runId, raw: redactRawRun(read.value.wire), fetchedAt: new Date(read.fetchedAt).toISOString() };
        // A run nested deeper than JSON.stringify can go is exactly what this view is for.
        if (isDeeperThan(body.raw, MAX_JSON_DEPTH)) {
          return c.body(stringifyWithoutRecursion(body), 200, { 'Content-Type': 'application/json' });
        }
        return c.json(body);
      },
    },
    {
      method: 'GET',
      path: '/api/runs/:runId/timeline',
      policy: ROLE.viewer,
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        queryParams(c, []);
        const observed = await store.timeline(runId);
        const body: TimelineResponse = events ? mergeTimeline(observed, await events.statusHistory(runId)) : mergeTimeline(observed, []);
        return c.json(body);
      },
    },
  ];
}

/** The run read's `include`: a plain query read directly, anything else through the unknown-parameter check. */
function runReadIncludes(c: Context): RunInclude[] {
  const url = c.req.url;
  const at = url.indexOf('?');
  const plain = plainIncludeQuery(at === -1 ? '' : url.slice(at + 1));
  return (plain && includesOf(plain)) ?? parseInclude(queryParams(c, ['include']).include);
}
