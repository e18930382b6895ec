import type { Context } from 'hono';
import { API_ERROR } from '@/contract/api-errors';
import { bulkCancelBodySchema, type BulkCancelResponse } from '@/contract/bulk';
import { isValidId } from '@/contract/ids';
import { ROLE } from '@/contract/roles';
import { cancelEach } from '../actions/bulk-cancel';
import type { AppEnv } from '../app-env';
import { ApiHttpError } from '../http/api-error';
import { queryParams, readJsonBody } from '../http/request-input';
import type { EventStore } from '../store/event-store';
import type { RouteSpec } from '../http/route-table';

/** Hands a request to the app itself, with the node bindings of the request it belongs to. */
export type DispatchToApp = (request: Request, env: unknown) => Promise<Response>;

/** Headers of the bulk request that the per-run request must not copy: its body and encoding differ. */
const NOT_FORWARDED = new Set(['content-length', 'accept-encoding', 'transfer-encoding']);

/**
 * `POST /api/runs/bulk-cancel`: cancels the runs named in the body. Each run goes through
 * `POST /api/runs/:runId/cancel` of this same app, as the same person (their cookie and origin
 * headers), so it is authorised, sent once, audited and followed up exactly like a cancel from the
 * run page, and budgeted in the actions lane under the person's share.
 */
export function bulkCancelRoutes(deps: { dispatch: DispatchToApp; events?: EventStore }): RouteSpec[] {
  return [
    {
      method: 'POST',
      path: '/api/runs/bulk-cancel',
      policy: ROLE.operator,
      handler: async (c) => {
        queryParams(c, []);
        const body = await readJsonBody(c, bulkCancelBodySchema);
        const invalid = body.runIds.flatMap((id, index) => (isValidId('run', id) ? [] : [index]));
        if (invalid.length > 0) {
          throw new ApiHttpError(API_ERROR.invalid_id, 'every run id must be a trun_… id', { details: { parameter: 'runIds', indexes: invalid } });
        }
        const runIds = [...new Set(body.runIds)];
        const results = await cancelEach(runIds, { events: deps.events, cancelOne: (runId) => deps.dispatch(cancelRequest(c, runId), c.env) });
        const response: BulkCancelResponse = { results };
        return c.json(response);
      },
    },
  ];
}

function cancelRequest(c: Context<AppEnv>, runId: string): Request {
  const headers = new Headers();
  c.req.raw.headers.forEach((value, name) => {
    if (!NOT_FORWARDED.has(name)) headers.set(name, value);
  });
  headers.set('content-type', 'application/json');
  const url = new URL(`/api/runs/${encodeURIComponent(runId)}/cancel`, c.req.url);
  return new Request(url, { method: 'POST', headers, body: '{}' });
}
