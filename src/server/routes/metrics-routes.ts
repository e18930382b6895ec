import { Registry } from 'prom-client';
import { API_ERROR } from '@/contract/api-errors';
import { ApiHttpError } from '../http/api-error';
import { createAppGauges, type GaugeSources } from '../metrics/app-gauges';
import { metricsAccess } from '../metrics/metrics-access';
import { metricsRegistry } from '../metrics/metrics';
import type { RouteSpec } from '../http/route-table';

/**
 * `GET /metrics`: Prometheus text format. No session (a scraper has none); access is by bearer
 * token or loopback only (see metrics-access.ts). The process's counters and this app's gauges
 * (budget, catch-up) are merged at each scrape.
 */
export function metricsRoutes(deps: GaugeSources & { token: string | null }): RouteSpec[] {
  const appGauges = createAppGauges(deps);
  return [
    {
      method: 'GET',
      path: '/metrics',
      policy: 'public',
      handler: async (c) => {
        c.header('Cache-Control', 'no-store');
        const access = metricsAccess(c, deps.token);
        if (!access.ok) {
          const headers: Record<string, string> = access.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="runwatch-metrics"' } : {};
          throw new ApiHttpError(access.status === 401 ? API_ERROR.unauthenticated : API_ERROR.forbidden, access.message, { headers });
        }
        const merged = Registry.merge([metricsRegistry, appGauges]);
        return c.body(await merged.metrics(), 200, { 'Content-Type': merged.contentType });
      },
    },
  ];
}
