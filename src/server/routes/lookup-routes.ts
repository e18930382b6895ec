import type { RequestLookupResponse } from '../../contract/bff';
import { ApiHttpError } from '../http/api-error';
import { idParam, queryParams } from '../http/request-input';
import type { EventStore } from '../store/event-store';
import type { ObservationStore } from '../store/observation-store';
import type { RouteSpec } from './route-table';

/**
 * Support lookups: which run an upstream request id belongs to — one Runwatch saw on a response of
 * its own, else one the upstream's event log names as the request behind an event (e.g. the call
 * that created the run).
 */
export function lookupRoutes(deps: { store: ObservationStore; events?: EventStore }): RouteSpec[] {
  return [
    {
      method: 'GET',
      path: '/api/lookup/request/:requestId',
      policy: 'viewer',
      handler: async (c) => {
        const requestId = idParam(c, 'requestId', 'request');
        queryParams(c, []);
        const observed = deps.store.lookupRequest(requestId);
        if (observed) {
          const body: RequestLookupResponse = observed;
          return c.json(body);
        }
        const fromEvents = await deps.events?.lookupRequest(requestId);
        if (!fromEvents) throw new ApiHttpError('request_not_found', 'Runwatch has not seen this request id');
        const body: RequestLookupResponse = { requestId: fromEvents.requestId, runId: fromEvents.runId, observedAt: fromEvents.at };
        return c.json(body);
      },
    },
  ];
}
