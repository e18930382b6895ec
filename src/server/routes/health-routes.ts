import type { RouteSpec } from './route-table';
import { ApiHttpError, sendApiError } from '../http/api-error';

/** Liveness and readiness for load balancers and supervisors. Neither touches the upstream. */
export function healthRoutes(deps: { isDraining: () => boolean }): RouteSpec[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      policy: 'public',
      handler: (c) => c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' }),
    },
    {
      method: 'GET',
      path: '/readyz',
      policy: 'public',
      handler: (c) => {
        c.header('Cache-Control', 'no-store');
        if (deps.isDraining()) return sendApiError(c, new ApiHttpError('not_ready', 'shutting down'));
        return c.json({ status: 'ready' });
      },
    },
  ];
}
