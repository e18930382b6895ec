import { Hono, type Context } from 'hono';
import { isoTime } from '../engine/run-wire-values';
import { destinationWants, type DeliveryRecord, type DestinationRecord } from '../webhooks/event-destinations';
import { parseNewDestination } from '../webhooks/new-destination-body';
import { isWebhookSecret } from '../webhooks/webhook-signature';
import { invalidParameter, sendError } from './error-envelope';
import { paginate, readPageRequest } from './pagination';
import { queryList } from './query-values';
import { readJsonBody } from './read-json-body';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';
import { cursorInvalid, pageError } from './task-run-read-routes';

const DELIVERY_STATUSES = new Set(['pending', 'success', 'failure']);

function destinationNotFound(c: Context<SimulatorEnv>): Response {
  return sendError(c, 404, { type: 'request', code: 'event_destination_not_found', message: 'No event destination with that id exists in this organization.' });
}

export function wireDestination(destination: DestinationRecord, requestId: string): Record<string, unknown> {
  const headers = Object.keys(destination.customHeaders).length > 0 ? JSON.stringify(destination.customHeaders) : null;
  return {
    id: destination.id,
    object: 'event_destination',
    name: destination.name,
    type: destination.type,
    status: destination.status,
    events: [...destination.events],
    webhook: { url: destination.url, custom_headers: headers, secret: destination.secret },
    created_at: isoTime(destination.createdAt),
    updated_at: isoTime(destination.updatedAt),
    request_id: requestId,
  };
}

/** The contract's EventDelivery plus `id` (the `webhook-id`), `next_attempt_at` and `response_status`. */
function wireDelivery(delivery: DeliveryRecord): Record<string, unknown> {
  return {
    id: delivery.id,
    object: 'event_delivery',
    status: delivery.status,
    event_type: delivery.eventType,
    event_id: delivery.eventId,
    event_destination_id: delivery.destinationId,
    attempts: delivery.attempts,
    created_at: isoTime(delivery.createdAt),
    delivered_at: delivery.deliveredAt === null ? null : isoTime(delivery.deliveredAt),
    next_attempt_at: delivery.nextAttemptAt === null ? null : isoTime(delivery.nextAttemptAt),
    response_status: delivery.lastResponseStatus,
  };
}

/** `POST/GET /event-destinations`, one destination, delete, secret rotation and its deliveries. */
export function eventDestinationRoutes(sim: SimulatorContext): Hono<SimulatorEnv> {
  const routes = new Hono<SimulatorEnv>();
  const { destinations } = sim.webhooks;

  routes.post('/', async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return sendError(c, 400, { type: 'request', code: 'body_invalid', message: body.message });
    const parsed = parseNewDestination(body.value, sim.webhooks.targets);
    if (!parsed.ok) return invalidParameter(c, parsed.field, parsed.message);
    const created = destinations.create(parsed.value, sim.engine.clock.now());
    if (!created.ok)
      return sendError(c, 409, {
        type: 'request',
        code: 'event_destination_limit',
        message: 'This organization has the most event destinations allowed; delete one first.',
      });
    return c.json(wireDestination(created.destination, c.get('requestId')), 201);
  });

  routes.get('/', (c) => {
    const data = destinations.list().map((destination) => wireDestination(destination, c.get('requestId')));
    return c.json({ data: data.map(({ request_id: _omitted, ...item }) => item), has_more: false, next_cursor: null, request_id: c.get('requestId') });
  });

  routes.get('/:destinationId', (c) => {
    const destination = destinations.get(c.req.param('destinationId'));
    return destination ? c.json(wireDestination(destination, c.get('requestId'))) : destinationNotFound(c);
  });

  routes.delete('/:destinationId', (c) => {
    const id = c.req.param('destinationId');
    if (!destinations.remove(id)) return destinationNotFound(c);
    return c.json({ id, object: 'event_destination', deleted: true, request_id: c.get('requestId') });
  });

  routes.post('/:destinationId/rotate-secret', async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return sendError(c, 400, { type: 'request', code: 'body_invalid', message: body.message });
    const secret = typeof body.value === 'object' && body.value !== null ? (body.value as { secret?: unknown }).secret : undefined;
    if (secret !== undefined && (typeof secret !== 'string' || !isWebhookSecret(secret))) {
      return invalidParameter(c, 'secret', 'secret must be whsec_ followed by base64 of 24 to 64 bytes.');
    }
    const destination = destinations.rotateSecret(c.req.param('destinationId'), secret, sim.engine.clock.now());
    return destination ? c.json(wireDestination(destination, c.get('requestId'))) : destinationNotFound(c);
  });

  routes.get('/:destinationId/event-deliveries', (c) => {
    const destination = destinations.get(c.req.param('destinationId'));
    if (!destination) return destinationNotFound(c);
    const statuses = queryList(c, 'status');
    const badStatus = statuses.find((status) => !DELIVERY_STATUSES.has(status));
    if (badStatus !== undefined) return invalidParameter(c, 'status', 'status must be success, failure or pending.');
    const types = queryList(c, 'type');
    const pageRequest = readPageRequest(c);
    if (!pageRequest.ok) return pageError(c, pageRequest);
    const all = [...destinations.deliveriesOf(destination.id)].reverse();
    const matchesType = (type: string) => types.length === 0 || destinationWants({ ...destination, events: types }, type);
    const items = all.filter((delivery) => (statuses.length === 0 || statuses.includes(delivery.status)) && matchesType(delivery.eventType));
    const page = paginate(items, pageRequest, {
      idOf: (delivery) => delivery.id,
      findAnchor: (id) => destinations.findDelivery(destination.id, id),
      compare: (a, b) => b.sequence - a.sequence,
    });
    if (!page) return cursorInvalid(c);
    return c.json({ data: page.data.map(wireDelivery), has_more: page.has_more, next_cursor: page.next_cursor, request_id: c.get('requestId') });
  });

  return routes;
}
