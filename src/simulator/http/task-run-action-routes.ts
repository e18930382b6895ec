import { Hono, type Context } from 'hono';
import { actionDriftFor } from '../drift/drift-settings';
import { sendWire } from '../drift/raw-json';
import type { RunRecord } from '../engine/run-record';
import { notFound, sendError } from './error-envelope';
import { readJsonBody } from './read-json-body';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';
import { wireOptions } from './wire-context';
import { wireTaskRun } from './wire-objects';

/**
 * The answer map of `{"input": {...}}` (the oldest revision sent `inputs`), or null when malformed.
 * Read by hand rather than with a record schema, which drops a field named `__proto__`.
 */
function readAnswer(body: unknown): Record<string, string> | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const candidate: unknown = Object.hasOwn(body, 'input')
    ? (body as { input: unknown }).input
    : Object.hasOwn(body, 'inputs')
      ? (body as { inputs: unknown }).inputs
      : undefined;
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) return null;
  const answer: Record<string, string> = {};
  for (const [name, value] of Object.entries(candidate)) {
    if (typeof value !== 'string') return null;
    Object.defineProperty(answer, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return answer;
}

/** A successful action: the run, or, under drift, another 2xx the contract allows. */
function accepted(sim: SimulatorContext, c: Context<SimulatorEnv>, run: RunRecord): Response {
  switch (actionDriftFor(run, sim.drift.forRun(run))) {
    case 'action_202_empty':
      return c.body(null, 202);
    case 'action_204_empty':
      return c.body(null, 204);
    case 'action_200_not_run':
      return c.json({ object: 'task_run_action', status: 'accepted', task_run_id: run.id, request_id: c.get('requestId') });
    case null:
      return sendWire(c, wireTaskRun(run, wireOptions(sim, c)));
  }
}

export function taskRunActionRoutes(sim: SimulatorContext): Hono<SimulatorEnv> {
  const routes = new Hono<SimulatorEnv>();

  routes.post('/:runId/interaction', async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return sendError(c, 400, { type: 'request', code: 'body_invalid', message: body.message });
    const answer = readAnswer(body.value);
    if (!answer) {
      return sendError(c, 400, {
        type: 'request',
        code: 'input_invalid',
        message: 'Send {"input": {"<field name>": "<text>", ...}} with a string for every field.',
        field: 'input',
      });
    }
    const outcome = sim.engine.submitInteraction(c.req.param('runId'), answer, sim.engine.clock.now(), c.get('requestId'));
    if (!outcome.ok) {
      switch (outcome.reason) {
        case 'not_found':
          return notFound(c, 'task_run_not_found');
        case 'missing_field':
          return sendError(c, 400, { type: 'request', code: 'input_missing', message: `The field "${outcome.field}" is required.`, field: outcome.field });
        default:
          return sendError(c, 409, { type: 'request', code: 'interaction_not_pending', message: 'This task run is not waiting for an interaction.' });
      }
    }
    return accepted(sim, c, outcome.run);
  });

  routes.post('/:runId/cancel', (c) => {
    const outcome = sim.engine.cancel(c.req.param('runId'), sim.engine.clock.now(), c.get('requestId'));
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') return notFound(c, 'task_run_not_found');
      return sendError(c, 409, { type: 'request', code: 'task_run_not_cancelable', message: 'This task run has already finished and cannot be canceled.' });
    }
    return accepted(sim, c, outcome.run);
  });

  return routes;
}
