import { Hono } from 'hono';
import { z } from 'zod';
import { notFound, sendError } from './error-envelope';
import { readJsonBody } from './read-json-body';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';
import { wireOptions } from './wire-context';
import { wireTaskRun } from './wire-objects';

/** `input` is the current key; the oldest revision sent `inputs`. */
const interactionBodySchema = z.union([
  z.object({ input: z.record(z.string(), z.string()) }),
  z.object({ inputs: z.record(z.string(), z.string()) }).transform((body) => ({ input: body.inputs })),
]);

export function taskRunActionRoutes(sim: SimulatorContext): Hono<SimulatorEnv> {
  const routes = new Hono<SimulatorEnv>();

  routes.post('/:runId/interaction', async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return sendError(c, 400, { type: 'request', code: 'body_invalid', message: body.message });
    const parsed = interactionBodySchema.safeParse(body.value);
    if (!parsed.success) {
      return sendError(c, 400, {
        type: 'request',
        code: 'input_invalid',
        message: 'Send {"input": {"<field name>": "<text>", ...}} with a string for every field.',
        field: 'input',
      });
    }
    const outcome = sim.engine.submitInteraction(c.req.param('runId'), parsed.data.input);
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
    return c.json(wireTaskRun(outcome.run, wireOptions(sim, c)));
  });

  routes.post('/:runId/cancel', (c) => {
    const outcome = sim.engine.cancel(c.req.param('runId'));
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') return notFound(c, 'task_run_not_found');
      return sendError(c, 409, { type: 'request', code: 'task_run_not_cancelable', message: 'This task run has already finished and cannot be canceled.' });
    }
    return c.json(wireTaskRun(outcome.run, wireOptions(sim, c)));
  });

  return routes;
}
