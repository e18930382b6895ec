import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { sendError } from './error-envelope';
import { eventDestinationRoutes } from './event-destination-routes';
import { eventRoutes } from './event-routes';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';
import { storageRoutes } from './storage-routes';
import { taskRoutes } from './task-routes';
import { taskRunActionRoutes } from './task-run-action-routes';
import { taskRunReadRoutes } from './task-run-read-routes';
import { v2Gate } from './v2-gate';

/** Request bodies above this are refused before parsing. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The upstream Task Run API surface, mounted under `/v2`. */
export function v2Routes(sim: SimulatorContext): Hono<SimulatorEnv> {
  const v2 = new Hono<SimulatorEnv>();
  v2.use('*', v2Gate(sim));
  v2.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => sendError(c, 413, { type: 'request', code: 'body_too_large', message: `Request bodies are limited to ${MAX_BODY_BYTES} bytes.` }),
    }),
  );
  v2.get('/test', (c) => c.json({ status: 'ready', environment: 'live', request_id: c.get('requestId') }));
  v2.route('/task-runs', taskRunReadRoutes(sim));
  v2.route('/task-runs', taskRunActionRoutes(sim));
  v2.route('/storage', storageRoutes(sim));
  v2.route('/events', eventRoutes(sim));
  v2.route('/event-destinations', eventDestinationRoutes(sim));
  v2.route('/tasks', taskRoutes(sim));
  v2.all('*', (c) => sendError(c, 404, { type: 'request', code: 'not_found', message: 'No such endpoint.' }));
  return v2;
}
