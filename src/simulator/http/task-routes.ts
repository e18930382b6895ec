import { Hono } from 'hono';
import { z } from 'zod';
import { idPattern } from '@/contract/ids';
import { serializeWire } from '../drift/raw-json';
import { DEFAULT_SCENARIO, findScenario } from '../scenarios/scenario-catalog';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../traffic/idempotency-store';
import { notFound, sendError } from './error-envelope';
import { readJsonBody } from './read-json-body';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';
import { wireOptions } from './wire-context';
import { wireTaskRun } from './wire-objects';

/** The body of POST /tasks/{task_id}/run as the contract describes it (unknown keys ignored). */
const runTaskRequestSchema = z.object({
  credential_id: z.string().nullish(),
  source_id: z.string().nullish(),
  session_id: z.string().nullish(),
  input: z.unknown().optional(),
  request_id: z.string().nullish(),
});

/** Simulator extension: `input.scenario` picks the scenario a new run follows (default `success`). */
const scenarioInInputSchema = z.object({ scenario: z.string() }).partial().passthrough();

export function taskRoutes(sim: SimulatorContext): Hono<SimulatorEnv> {
  const routes = new Hono<SimulatorEnv>();

  routes.post('/:taskId/run', async (c) => {
    const taskId = c.req.param('taskId');
    if (!idPattern('task').test(taskId)) return notFound(c, 'task_not_found');

    const idempotencyKey = c.req.header('Idempotency-Key');
    if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      return sendError(c, 400, {
        type: 'idempotency',
        code: 'idempotency_key_error',
        message: `The Idempotency-Key header must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters long.`,
      });
    }

    const body = await readJsonBody(c);
    if (!body.ok) return sendError(c, 400, { type: 'request', code: 'body_invalid', message: body.message });
    const parsed = runTaskRequestSchema.safeParse(body.value);
    if (!parsed.success || typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
      return sendError(c, 400, { type: 'request', code: 'body_invalid', message: 'The body must be a JSON object matching the run request.' });
    }
    const request = parsed.data;
    if (!request.source_id && !request.credential_id) {
      return sendError(c, 400, { type: 'request', code: 'input_missing', message: 'Provide source_id or credential_id.', field: 'source_id' });
    }
    for (const [field, kind] of [
      ['source_id', 'source'],
      ['credential_id', 'credential'],
      ['session_id', 'session'],
    ] as const) {
      const value = request[field];
      if (value && !idPattern(kind).test(value))
        return sendError(c, 400, { type: 'request', code: `${kind}_invalid`, message: `${field} is malformed.`, field });
    }
    const scenarioField = scenarioInInputSchema.safeParse(request.input);
    const scenarioName = scenarioField.success && scenarioField.data.scenario !== undefined ? scenarioField.data.scenario : DEFAULT_SCENARIO;
    if (!findScenario(scenarioName)) {
      return sendError(c, 400, {
        type: 'request',
        code: 'input_invalid',
        message: `Unknown simulator scenario "${scenarioName.slice(0, 60)}".`,
        field: 'input.scenario',
      });
    }

    const now = sim.engine.clock.now();
    const fingerprint = JSON.stringify([taskId, body.value]);
    if (idempotencyKey !== undefined) {
      const previous = sim.idempotency.lookup(idempotencyKey, fingerprint, now);
      if (previous.kind === 'conflict') {
        return sendError(c, 409, {
          type: 'idempotency',
          code: 'idempotency_error',
          message: 'This Idempotency-Key was already used with different parameters.',
        });
      }
      if (previous.kind === 'replay') {
        return c.body(previous.body, 201, { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' });
      }
    }

    const run = sim.engine.createRun({
      scenario: scenarioName,
      taskId,
      sourceId: request.source_id ?? undefined,
      credentialId: request.credential_id ?? null,
      sessionId: request.session_id ?? null,
      input: request.input ?? {},
      requestId: c.get('requestId'),
    });
    const responseBody = serializeWire(wireTaskRun(run, wireOptions(sim, c)));
    if (idempotencyKey !== undefined) sim.idempotency.remember(idempotencyKey, fingerprint, 201, responseBody, now);
    return c.body(responseBody, 201, { 'Content-Type': 'application/json' });
  });

  return routes;
}
