import type { RequestLookupResponse } from '../../contract/bff';
import { ApiHttpError } from '../http/api-error';
import { idParam, queryParams } from '../http/request-input';
import type { ObservationStore } from '../store/observation-store';
import type { RouteSpec } from './route-table';

/** Support lookups: which run an upstream request id belongs to (only ids Runwatch itself saw). */
export function lookupRoutes(deps: { store: ObservationStore }): RouteSpec[] {
  return [
    {
      method: 'GET',
      path: '/api/lookup/request/:requestId',
      policy: 'viewer',
      handler: (c) => {
        const requestId = idParam(c, 'requestId', 'request');
        queryParams(c, []);
        const found = deps.store.lookupRequest(requestId);
        if (!found) throw new ApiHttpError('request_not_found', 'Runwatch has not seen this request id');
        const body: RequestLookupResponse = found;
        return c.json(body);
      },
    },
  ];
}
