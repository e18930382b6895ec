import { API_ERROR } from '@/contract/api-errors';
import type { BoardResponse } from '@/contract/board';
import { ROLE } from '@/contract/roles';
import { ApiHttpError } from '../http/api-error';
import { queryParams } from '../http/request-input';
import { BoardPrompts } from '../runs/board-prompts';
import { BoardView, type BoardSettings } from '../runs/board-view';
import type { RunReader } from '../runs/run-reader';
import type { EventStore } from '../store/event-store';
import type { UserDataStore } from '../store/user-data-store';
import type { RouteSpec } from '../http/route-table';

export interface BoardRouteDeps {
  /** The run index; without it there is no board (`not_ready`). */
  events: EventStore | undefined;
  /** Pins per person; without it nobody has a watchlist. */
  userData: UserDataStore | undefined;
  reader: RunReader;
  settings: BoardSettings;
  indexIsCurrent: () => boolean;
  now?: () => number;
}

/**
 * `GET /api/board`: active runs grouped by what they need, from the run index. Prompts of runs
 * waiting for input come from the shared run cache, read once per status change; every viewer
 * polling within a second shares one build. No upstream request per viewer.
 */
export function boardRoutes(deps: BoardRouteDeps): RouteSpec[] {
  const prompts = new BoardPrompts({ readRun: async (runId) => (await deps.reader.readRun(runId, [])).value.view, now: deps.now });
  const board = deps.events
    ? new BoardView({ events: deps.events, prompts, settings: deps.settings, indexIsCurrent: deps.indexIsCurrent, now: deps.now })
    : null;
  return [
    {
      method: 'GET',
      path: '/api/board',
      policy: ROLE.viewer,
      handler: async (c) => {
        queryParams(c, []);
        if (!board) throw new ApiHttpError(API_ERROR.not_ready, 'the board needs the run index (events.sqlite)');
        const principal = c.get('principal');
        const pins = principal && deps.userData ? await deps.userData.listPins(principal.userId) : [];
        const body: BoardResponse = await board.boardFor(pins);
        c.header('Cache-Control', 'no-store');
        return c.json(body);
      },
    },
  ];
}
