import { Hono } from 'hono';
import { z } from 'zod';
import { DEFAULT_DRIFTS, DRIFT_DESCRIPTIONS, DRIFT_KINDS, SAMPLED_DRIFT_SLOTS } from '../drift/drift-kinds';
import { isoTime } from '../engine/run-wire-values';
import { OUTAGE_SCENARIOS, type SourceOutage } from '../engine/source-outages';
import { SCENARIOS } from '../scenarios/scenario-catalog';
import { FAULT_KINDS } from '../traffic/fault-injector';
import { controlRequestGuard } from './control-request-guard';
import { sendError } from './error-envelope';
import { readJsonBody } from './read-json-body';
import { newRequestId } from './request-id';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';
import { wireOptions } from './wire-context';
import { webhookControlRoutes } from './webhook-control-routes';
import { wireTaskRun } from './wire-objects';

const idLike = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[A-Za-z0-9][A-Za-z0-9_-]{0,95}$`));

const createScenarioSchema = z.object({
  scenario: z.string().min(1),
  timeScale: z.number().positive().max(100).optional(),
  taskId: idLike('task_').optional(),
  agentId: idLike('agt_').optional(),
  sourceId: idLike('src_').optional(),
  credentialId: idLike('cred_').optional(),
  workflowId: idLike('wflo_').optional(),
  input: z.unknown().optional(),
  drift: z.array(z.enum(DRIFT_KINDS)).optional(),
});

/** `{"on": true}` = the default drift set, `{"on": false}` = off, `{"kinds": [...]}` = exactly those. */
const driftSchema = z.union([z.strictObject({ on: z.boolean() }), z.strictObject({ kinds: z.array(z.enum(DRIFT_KINDS)) })]);

const outageSchema = z.object({
  sourceId: idLike('src_'),
  /** How long the source stays down from now, in simulated time. */
  durationMs: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3_600_000),
  scenario: z.enum(OUTAGE_SCENARIOS).default('fail_source_not_available'),
});
const advanceSchema = z.object({
  ms: z
    .number()
    .min(0)
    .max(366 * 24 * 3_600_000),
});
const reviewSchema = z.object({ decision: z.enum(['approve', 'reject']) });
const faultSchema = z.object({
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(1).max(100_000),
  pathPrefix: z.string().startsWith('/').optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  retryAfterSeconds: z.number().int().min(0).max(3_600).optional(),
});
const settingsSchema = z.object({
  cancelSpelling: z.enum(['canceling', 'cancelling']).optional(),
  fieldOptions: z.boolean().optional(),
  eventEmptyStrings: z.boolean().optional(),
  rateLimit: z.union([z.literal(false), z.object({ max: z.number().int().min(1), windowMs: z.number().int().min(1) })]).optional(),
});

/**
 * Test and demo controls under `/__sim`: start scenarios, move the clock, decide reviews, arm
 * faults, read the request log and flip settings. No API key, like a local admin port — so
 * nothing a browser sends gets through (see controlRequestGuard).
 */
export function controlRoutes(sim: SimulatorContext): Hono<SimulatorEnv> {
  const routes = new Hono<SimulatorEnv>();
  routes.use('*', async (c, next) => {
    c.set('requestId', newRequestId());
    await next();
  });
  routes.use('*', controlRequestGuard());

  routes.get('/scenarios', (c) =>
    c.json({ data: [...SCENARIOS.values()].map((scenario) => ({ name: scenario.name, description: scenario.description, drifts: scenario.drifts ?? [] })) }),
  );

  routes.post('/scenarios', async (c) => {
    const body = await parseBody(c, createScenarioSchema);
    if (!body.ok) return body.response;
    if (!SCENARIOS.has(body.value.scenario)) {
      return sendError(c, 400, { type: 'request', code: 'scenario_unknown', message: `Unknown scenario; GET /__sim/scenarios lists them.`, field: 'scenario' });
    }
    sim.engine.tick();
    // The control's own request id stands in for the API request that would have started the run.
    const run = sim.engine.createRun({ ...body.value, requestId: c.get('requestId') });
    return c.json(wireTaskRun(run, wireOptions(sim, c, undefined, { clean: true })), 201);
  });

  routes.get('/outages', (c) => c.json({ data: sim.engine.outages.list().map(wireOutage) }));
  routes.post('/outages', async (c) => {
    const body = await parseBody(c, outageSchema);
    if (!body.ok) return body.response;
    const startsAt = sim.engine.clock.now();
    const outage = sim.engine.outages.declare({ ...body.value, startsAt, endsAt: startsAt + body.value.durationMs });
    return c.json(wireOutage(outage), 201);
  });
  routes.delete('/outages', (c) => {
    sim.engine.outages.clear();
    return c.json({ data: [] });
  });

  routes.get('/drift', (c) => c.json(currentDrift(sim)));
  routes.post('/drift', async (c) => {
    const body = await parseBody(c, driftSchema);
    if (!body.ok) return body.response;
    sim.drift.set('on' in body.value ? body.value.on : body.value.kinds);
    return c.json(currentDrift(sim));
  });

  routes.get('/clock', (c) => c.json({ now: isoTime(sim.engine.clock.now()) }));

  routes.post('/clock/advance', async (c) => {
    const body = await parseBody(c, advanceSchema);
    if (!body.ok) return body.response;
    sim.engine.clock.advance(body.value.ms);
    sim.engine.tick();
    return c.json({ now: isoTime(sim.engine.clock.now()) });
  });

  routes.post('/task-runs/:runId/review', async (c) => {
    const body = await parseBody(c, reviewSchema);
    if (!body.ok) return body.response;
    const outcome = sim.engine.review(c.req.param('runId'), body.value.decision);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') return sendError(c, 404, { type: 'request', code: 'task_run_not_found', message: 'No such task run.' });
      return sendError(c, 409, { type: 'request', code: 'review_not_pending', message: 'This task run is not waiting for review.' });
    }
    return c.json(wireTaskRun(outcome.run, wireOptions(sim, c, undefined, { clean: true })));
  });

  routes.get('/faults', (c) => c.json({ data: sim.faults.pending() }));
  routes.post('/faults', async (c) => {
    const body = await parseBody(c, faultSchema);
    if (!body.ok) return body.response;
    sim.faults.arm(body.value);
    return c.json({ data: sim.faults.pending() }, 201);
  });
  routes.delete('/faults', (c) => {
    sim.faults.clear();
    return c.json({ data: [] });
  });

  routes.get('/stats', (c) => c.json({ requests: sim.requestLog.all() }));
  routes.post('/stats/reset', (c) => {
    sim.requestLog.reset();
    return c.json({ requests: [] });
  });

  routes.get('/settings', (c) => c.json(currentSettings(sim)));
  routes.post('/settings', async (c) => {
    const body = await parseBody(c, settingsSchema);
    if (!body.ok) return body.response;
    if (body.value.cancelSpelling) sim.engine.settings.cancelSpelling = body.value.cancelSpelling;
    if (body.value.fieldOptions !== undefined) sim.engine.settings.fieldOptions = body.value.fieldOptions;
    if (body.value.eventEmptyStrings !== undefined) sim.engine.settings.eventEmptyStrings = body.value.eventEmptyStrings;
    if (body.value.rateLimit !== undefined) sim.rateLimiter.configure(body.value.rateLimit);
    return c.json(currentSettings(sim));
  });

  routes.route('/webhooks', webhookControlRoutes(sim));

  routes.all('*', (c) => sendError(c, 404, { type: 'request', code: 'not_found', message: 'No such simulator control.' }));
  return routes;
}

function currentDrift(sim: SimulatorContext) {
  return {
    enabled: sim.drift.enabled(),
    available: DRIFT_KINDS.map((kind) => ({
      kind,
      description: DRIFT_DESCRIPTIONS[kind],
      inDefaultSet: DEFAULT_DRIFTS.includes(kind),
      everyFourthRunFromSlot: SAMPLED_DRIFT_SLOTS[kind] ?? null,
    })),
  };
}

function currentSettings(sim: SimulatorContext) {
  return {
    cancelSpelling: sim.engine.settings.cancelSpelling,
    fieldOptions: sim.engine.settings.fieldOptions,
    eventEmptyStrings: sim.engine.settings.eventEmptyStrings,
    rateLimit: sim.rateLimiter.current(),
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

async function parseBody<T>(c: Parameters<typeof sendError>[0], schema: z.ZodType<T>): Promise<Parsed<T>> {
  const body = await readJsonBody(c);
  if (!body.ok) return { ok: false, response: sendError(c, 400, { type: 'request', code: 'body_invalid', message: body.message }) };
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      response: sendError(c, 400, { type: 'request', code: 'body_invalid', message: issue?.message ?? 'Invalid body.', field: issue?.path.join('.') || null }),
    };
  }
  return { ok: true, value: parsed.data };
}

function wireOutage(outage: SourceOutage) {
  return { sourceId: outage.sourceId, scenario: outage.scenario, startsAt: isoTime(outage.startsAt), endsAt: isoTime(outage.endsAt) };
}
