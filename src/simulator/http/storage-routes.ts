import { Hono } from 'hono';
import { notFound } from './error-envelope';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';
import { wireOptions } from './wire-context';
import { wireStorageItem } from './wire-objects';

export function storageRoutes(sim: SimulatorContext): Hono<SimulatorEnv> {
  const routes = new Hono<SimulatorEnv>();
  routes.get('/:storageId', (c) => {
    const item = sim.engine.getStorage(c.req.param('storageId'));
    if (!item) return notFound(c, 'storage_not_found');
    const options = wireOptions(sim, c);
    const drift = options.drift && { ...options.drift, run: sim.engine.getRun(item.runId) };
    return c.json({ ...wireStorageItem(item, options.urls, drift), request_id: options.requestId });
  });
  return routes;
}
