import { Hono } from 'hono';
import type { DriftKind } from '../drift/drift-kinds';
import type { EventRecord } from '../engine/event-log';
import { invalidParameter, notFound } from './error-envelope';
import { paginate, readPageRequest } from './pagination';
import { queryList, queryTimestamp } from './query-values';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';
import { cursorInvalid, pageError } from './task-run-read-routes';
import { wireEvent, type WireEventOptions } from './wire-objects';

function newestFirst(a: EventRecord, b: EventRecord): number {
  return b.createdAt - a.createdAt || b.sequence - a.sequence;
}

/** `type` matches exactly, or by prefix when written as `task_run.*`. */
function typeMatcher(patterns: string[]): (type: string) => boolean {
  return (type) => patterns.some((pattern) => (pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern));
}

export function eventRoutes(sim: SimulatorContext): Hono<SimulatorEnv> {
  const routes = new Hono<SimulatorEnv>();

  routes.get('/', (c) => {
    const types = queryList(c, 'type');
    const after = queryTimestamp(c, 'created_after');
    if (after === null) return invalidParameter(c, 'created_after', 'created_after must be an ISO 8601 timestamp.');
    const before = queryTimestamp(c, 'created_before');
    if (before === null) return invalidParameter(c, 'created_before', 'created_before must be an ISO 8601 timestamp.');
    const pageRequest = readPageRequest(c);
    if (!pageRequest.ok) return pageError(c, pageRequest);
    const matchesType = typeMatcher(types);
    const events = sim.engine.events
      .newestFirst()
      .filter(
        (event) =>
          (types.length === 0 || matchesType(event.type)) &&
          (after === undefined || event.createdAt > after) &&
          (before === undefined || event.createdAt < before),
      );
    const page = paginate(events, pageRequest, { idOf: (event) => event.id, findAnchor: (id) => sim.engine.events.get(id), compare: newestFirst });
    if (!page) return cursorInvalid(c);
    return c.json({
      data: page.data.map((event) => wireEvent(event, wireOptions(sim))),
      has_more: page.has_more,
      next_cursor: page.next_cursor,
      request_id: c.get('requestId'),
    });
  });

  routes.get('/:eventId', (c) => {
    const event = sim.engine.events.get(c.req.param('eventId'));
    if (!event) return notFound(c, 'event_not_found');
    // The event's request_id is the request that caused it, not this read (see wireEvent).
    return c.json(wireEvent(event, wireOptions(sim)));
  });

  return routes;
}

function wireOptions(sim: SimulatorContext): WireEventOptions {
  return { emptyStrings: sim.engine.settings.eventEmptyStrings, driftFor: (runId) => runDrifts(sim, runId) };
}

/** The drifts of an event's run, so events and reads of one run tell the same story. */
export function runDrifts(sim: Pick<SimulatorContext, 'engine' | 'drift'>, runId: string): ReadonlySet<DriftKind> {
  const run = sim.engine.getRun(runId);
  return run ? sim.drift.forRun(run) : NO_DRIFT;
}

const NO_DRIFT: ReadonlySet<DriftKind> = new Set();
