import { API_ERROR } from '@/contract/api-errors';
import type { RequestLookupResponse } from '@/contract/bff';
import { LOOKUP_RECENT_LIST, lookupResolveRequestSchema, type LookupRecentResponse, type LookupResolveResponse } from '@/contract/lookup';
import { parsePastedIds, pasteIdKind, pastedIdsQuery, type PastedId } from '@/contract/paste-ids';
import { ROLE } from '@/contract/roles';
import { ApiHttpError } from '../http/api-error';
import { idParam, queryParams, readJsonBody } from '../http/request-input';
import { resolveLookupIds } from '../lookup/resolve-lookup-ids';
import type { RunReader } from '../runs/run-reader';
import type { EventStore } from '../store/event-store';
import type { ObservationStore } from '../store/observation-store';
import type { UserDataStore } from '../store/user-data-store';
import type { RouteSpec } from '../http/route-table';

export interface LookupRouteDeps {
  store: ObservationStore;
  events?: EventStore;
  /** Reads a run the index does not hold (budgeted like a run page's read); without it such ids stay unchecked. */
  reader?: RunReader;
  /** Keeps each person's recent lookups; without it nothing is remembered. */
  userData?: UserDataStore;
}

/**
 * Support lookups: which run an upstream request id belongs to — one Runwatch saw on a response of
 * its own, else one the upstream's event log names as the request behind an event (e.g. the call
 * that created the run) — and what Runwatch knows of each id in a paste, remembered per person.
 */
export function lookupRoutes(deps: LookupRouteDeps): RouteSpec[] {
  return [
    {
      method: 'GET',
      path: '/api/lookup/request/:requestId',
      policy: ROLE.viewer,
      handler: async (c) => {
        const requestId = idParam(c, 'requestId', 'request');
        queryParams(c, []);
        const observed = await deps.store.lookupRequest(requestId);
        if (observed) {
          const body: RequestLookupResponse = observed;
          return c.json(body);
        }
        const fromEvents = await deps.events?.lookupRequest(requestId);
        if (!fromEvents) throw new ApiHttpError(API_ERROR.request_not_found, 'Runwatch has not seen this request id');
        const body: RequestLookupResponse = { requestId: fromEvents.requestId, runId: fromEvents.runId, observedAt: fromEvents.at };
        return c.json(body);
      },
    },
    {
      method: 'POST',
      path: '/api/lookup/resolve',
      policy: ROLE.viewer,
      handler: async (c) => {
        queryParams(c, []);
        const ids = pastedIdsOf((await readJsonBody(c, lookupResolveRequestSchema)).ids);
        const reader = deps.reader;
        const answers = await resolveLookupIds(ids, {
          observations: deps.store,
          events: deps.events,
          readRun: async (runId) => {
            if (!reader) throw new Error('no run reader');
            const view = (await reader.readRun(runId, [])).value.view;
            return {
              runId: view.id,
              status: view.status,
              upstreamStatus: view.upstreamStatus,
              result: view.result,
              taskId: view.taskId,
              createdAt: view.createdAt,
              updatedAt: view.updatedAt,
            };
          },
        });
        const principal = c.get('principal');
        if (deps.userData && principal) {
          // The answer matters more than the history: a failed write is logged, not sent.
          await deps.userData.pushRecent(principal.userId, LOOKUP_RECENT_LIST, pastedIdsQuery(ids), new Date()).catch((error: unknown) => {
            c.get('log').warn('recent lookup not saved', { error: error instanceof Error ? error.message : String(error) });
          });
        }
        const body: LookupResolveResponse = { answers };
        return c.json(body);
      },
    },
    {
      method: 'GET',
      path: '/api/lookup/recent',
      policy: ROLE.viewer,
      handler: async (c) => {
        queryParams(c, []);
        const principal = c.get('principal');
        const recent = deps.userData && principal ? await deps.userData.listRecent(principal.userId, LOOKUP_RECENT_LIST) : [];
        const entries = recent.flatMap((entry) => {
          const parsed = parsePastedIds(entry.value);
          return parsed.kind === 'ids' ? [{ ids: parsed.ids.map((id) => id.id), at: entry.at }] : [];
        });
        const body: LookupRecentResponse = { entries };
        return c.json(body);
      },
    },
  ];
}

/** The ids of a resolve request, each of a kind one can look up, duplicates dropped; else 400 naming their positions. */
function pastedIdsOf(raw: readonly string[]): PastedId[] {
  const invalid: number[] = [];
  const ids: PastedId[] = [];
  raw.forEach((id, index) => {
    const kind = pasteIdKind(id);
    if (!kind) invalid.push(index);
    else if (!ids.some((known) => known.id === id)) ids.push({ kind, id });
  });
  if (invalid.length > 0) {
    throw new ApiHttpError(
      API_ERROR.invalid_id,
      `${invalid.length === 1 ? 'one id is' : `${invalid.length} ids are`} not a run, request, task, source, agent, credential or session id`,
      {
        details: { indexes: invalid },
      },
    );
  }
  return ids;
}
