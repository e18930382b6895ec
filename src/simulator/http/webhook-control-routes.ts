import { Hono } from 'hono';
import { z } from 'zod';
import { cryptoRandom } from '../engine/random';
import { DELIVERY_FAULT_DESCRIPTIONS, DELIVERY_FAULT_KINDS } from '../webhooks/delivery-faults';
import { destinationEventSnapshot } from '../webhooks/webhook-dispatcher';
import { sendError } from './error-envelope';
import { readJsonBody } from './read-json-body';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';

const deliveryFaultSchema = z.strictObject({
  kind: z.enum(DELIVERY_FAULT_KINDS),
  count: z.number().int().min(1).max(100_000),
  delayMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3_600_000)
    .optional(),
  ageSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3_600)
    .optional(),
  sameMessageId: z.boolean().optional(),
});

/** `/__sim/webhooks`: arm, list and clear webhook delivery faults (mounted behind the control guard). */
export function webhookControlRoutes(sim: SimulatorContext): Hono<SimulatorEnv> {
  const routes = new Hono<SimulatorEnv>();
  const { faults } = sim.webhooks;
  const current = () => ({
    targets: sim.webhooks.targets,
    faults: faults.pending(),
    dropped: faults.dropped(),
    available: DELIVERY_FAULT_KINDS.map((kind) => ({ kind, description: DELIVERY_FAULT_DESCRIPTIONS[kind] })),
  });

  routes.get('/', (c) => c.json(current()));
  routes.post('/faults', async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return sendError(c, 400, { type: 'request', code: 'body_invalid', message: body.message });
    const parsed = deliveryFaultSchema.safeParse(body.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendError(c, 400, { type: 'request', code: 'body_invalid', message: issue?.message ?? 'Invalid body.', field: issue?.path.join('.') || null });
    }
    faults.arm(parsed.data);
    return c.json(current(), 201);
  });
  // The contract names `event_destination.activated` but no call that causes it; this control stands in.
  routes.post('/destinations/:destinationId/activate', (c) => {
    const destination = sim.webhooks.destinations.get(c.req.param('destinationId'));
    if (!destination) return sendError(c, 404, { type: 'request', code: 'event_destination_not_found', message: 'No event destination with that id exists.' });
    if (destination.status !== 'active') {
      const now = sim.engine.clock.now();
      sim.webhooks.destinations.setStatus(destination, 'active', now);
      sim.engine.events.emit('event_destination.activated', destinationEventSnapshot(destination), now, cryptoRandom(), null);
    }
    return c.json({ id: destination.id, status: destination.status });
  });
  routes.delete('/faults', (c) => {
    faults.clear();
    return c.json(current());
  });
  return routes;
}
