import type { RunListResponse, RunResponse, TimelineResponse } from '../../contract/bff';
import { ApiHttpError } from '../http/api-error';
import { freshness } from '../http/freshness';
import { idParam, queryParams } from '../http/request-input';
import { apiErrorFromUpstream } from '../http/upstream-failure';
import type { RunReader } from '../runs/run-reader';
import type { ObservationStore } from '../store/observation-store';
import { RUN_INCLUDES, type RunInclude } from '../upstream/run-include';
import type { RouteSpec } from './route-table';
import { RUN_LIST_PARAMS, parseRunListQuery } from './run-list-query';

/** Reading runs: the list, one run, and the status history Runwatch observed. */
export function runReadRoutes(deps: { reader: RunReader; store: ObservationStore }): RouteSpec[] {
  const { reader, store } = deps;
  return [
    {
      method: 'GET',
      path: '/api/runs',
      policy: 'viewer',
      handler: async (c) => {
        const filters = parseRunListQuery(queryParams(c, RUN_LIST_PARAMS));
        const read = await reader.listRuns(filters).catch((error: unknown) => {
          throw apiErrorFromUpstream(error, 'list');
        });
        const body: RunListResponse = {
          runs: read.value.runs,
          hasMore: read.value.hasMore,
          nextCursor: read.value.nextCursor,
          freshness: freshness(c, read),
        };
        return c.json(body);
      },
    },
    {
      method: 'GET',
      path: '/api/runs/:runId',
      policy: 'viewer',
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        const include = parseInclude(queryParams(c, ['include']).include);
        const read = await reader.readRun(runId, include).catch((error: unknown) => {
          throw apiErrorFromUpstream(error, 'run');
        });
        const body: RunResponse = { run: read.value.view, freshness: freshness(c, read) };
        return c.json(body);
      },
    },
    {
      method: 'GET',
      path: '/api/runs/:runId/timeline',
      policy: 'viewer',
      handler: (c) => {
        const runId = idParam(c, 'runId', 'run');
        queryParams(c, []);
        const body: TimelineResponse = store.timeline(runId);
        return c.json(body);
      },
    },
  ];
}

function parseInclude(values: string[] | undefined): RunInclude[] {
  const names = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(RUN_INCLUDES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length > 10) {
    throw new ApiHttpError('invalid_request', `include may only list ${RUN_INCLUDES.join(', ')}`, { details: { parameter: 'include' } });
  }
  return names as RunInclude[];
}
