import { API_ERROR } from '@/contract/api-errors';
import type { WatchlistResponse } from '@/contract/board';
import { ROLE } from '@/contract/roles';
import { ApiHttpError } from '../http/api-error';
import { idParam, queryParams } from '../http/request-input';
import { UserDataLimitError, type UserDataStore } from '../store/user-data-store';
import type { RouteSpec } from '../http/route-table';

/**
 * The caller's watchlist: `GET /api/watchlist`, `PUT` and `DELETE /api/watchlist/:runId`. Pins are
 * personal, so any signed-in role may keep them. A run is pinned by id even before Runwatch has
 * seen it (the board shows it by id until the index does).
 */
export function watchlistRoutes(deps: { userData: UserDataStore | undefined; now?: () => number }): RouteSpec[] {
  const now = deps.now ?? Date.now;
  const store = (): UserDataStore => {
    if (!deps.userData) throw new ApiHttpError(API_ERROR.not_ready, 'the watchlist needs the per-user store (user-data.sqlite)');
    return deps.userData;
  };
  const userId = (principal: { userId: string } | null): string => {
    if (!principal) throw new ApiHttpError(API_ERROR.unauthenticated, 'sign in first');
    return principal.userId;
  };
  const listed = async (user: string): Promise<WatchlistResponse> => ({ pins: await store().listPins(user) });

  return [
    {
      method: 'GET',
      path: '/api/watchlist',
      policy: ROLE.viewer,
      handler: async (c) => {
        queryParams(c, []);
        c.header('Cache-Control', 'no-store');
        return c.json(await listed(userId(c.get('principal'))));
      },
    },
    {
      method: 'PUT',
      path: '/api/watchlist/:runId',
      policy: ROLE.viewer,
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        queryParams(c, []);
        const user = userId(c.get('principal'));
        try {
          await store().pin(user, runId, new Date(now()));
        } catch (error) {
          if (error instanceof UserDataLimitError) throw new ApiHttpError(API_ERROR.invalid_request, error.message, { details: { parameter: 'runId' } });
          throw error;
        }
        return c.json(await listed(user));
      },
    },
    {
      method: 'DELETE',
      path: '/api/watchlist/:runId',
      policy: ROLE.viewer,
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        queryParams(c, []);
        const user = userId(c.get('principal'));
        await store().unpin(user, runId);
        return c.json(await listed(user));
      },
    },
  ];
}
