import { API_ERROR } from '@/contract/api-errors';
import type { RouteSpec } from '../http/route-table';
import { ApiHttpError } from '../http/api-error';
import type { Logger } from '../logger';
import { upstreamHealth } from '../metrics/upstream-health';
import type { EventStore } from '../store/event-store';

/** A store that has not answered in this long is taken as failing. */
const STORE_CHECK_TIMEOUT_MS = 2_000;
/** A check's result is reused this long, so a flood of probes (the route is public) costs one read. */
const STORE_CHECK_REUSE_MS = 1_000;

export interface HealthDeps {
  isDraining: () => boolean;
  /** The shared store (SQLite or PostgreSQL); readiness reads from it. Absent: not checked. */
  store?: Pick<EventStore, 'getCatchUpState'>;
  /** Origin of the upstream, whose state (from the calls Runwatch makes anyway) the body reports. */
  upstreamOrigin?: string;
  now?: () => number;
}

type StoreCheck = { state: 'ok' } | { state: 'failing'; message: string };

/**
 * Liveness and readiness for load balancers and supervisors. Neither calls the upstream.
 *
 * `/readyz` is 503 while draining or when the store does not answer a read (a replica that cannot
 * reach its database can serve no page). The upstream's state is in the body but never fails
 * readiness: every replica shares the one upstream, so failing on it would take them all out of the
 * balancer at once, turning an upstream outage (when the run index, cached copies, sign-in and the
 * audit log still work) into a total one.
 */
export function healthRoutes(deps: HealthDeps): RouteSpec[] {
  const now = deps.now ?? Date.now;
  let lastCheck: { at: number; result: Promise<StoreCheck> } | null = null;

  const checkStore = (log: Logger): Promise<StoreCheck> => {
    const store = deps.store;
    if (!store) return Promise.resolve({ state: 'ok' });
    if (lastCheck && now() - lastCheck.at < STORE_CHECK_REUSE_MS) return lastCheck.result;
    const result = readOnce(store).then((check) => {
      // Logged once per check, not per probe; the public answer does not say why.
      if (check.state !== 'ok') log.warn('not ready: the store does not answer', { reason: check.message });
      return check;
    });
    lastCheck = { at: now(), result };
    return result;
  };

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
      handler: async (c) => {
        c.header('Cache-Control', 'no-store');
        if (deps.isDraining()) throw new ApiHttpError(API_ERROR.not_ready, 'shutting down');
        const store = await checkStore(c.get('log'));
        const upstream = deps.upstreamOrigin === undefined ? undefined : upstreamHealth(deps.upstreamOrigin);
        if (store.state !== 'ok') {
          throw new ApiHttpError(API_ERROR.not_ready, 'the store does not answer', { details: { store: { state: 'failing' }, upstream } });
        }
        return c.json({ status: 'ready', store, ...(upstream ? { upstream } : {}) });
      },
    },
  ];
}

async function readOnce(store: Pick<EventStore, 'getCatchUpState'>): Promise<StoreCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${STORE_CHECK_TIMEOUT_MS} ms`)), STORE_CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([store.getCatchUpState(), timeout]);
    return { state: 'ok' };
  } catch (error) {
    return { state: 'failing', message: error instanceof Error ? error.message.slice(0, 200) : 'the read failed' };
  } finally {
    clearTimeout(timer);
  }
}
