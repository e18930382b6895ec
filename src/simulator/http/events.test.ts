import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventListSchema, eventSchema, expectEnvelope } from '../testing/contract-schemas';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

describe('GET /v2/events', () => {
  let sim: SimulatorTestClient;
  let mfaRunId = '';
  let startedAt = '';

  beforeAll(async () => {
    sim = await startTestSimulator();
    const clock = await sim.control('GET', '/clock');
    startedAt = new Date(Date.parse((clock.body as { now: string }).now) - 1).toISOString();
    mfaRunId = (await sim.createRun('mfa')).id;
    await sim.advance(15_000);
    await sim.api(`/task-runs/${mfaRunId}/interaction`, { method: 'POST', body: JSON.stringify({ input: { code: '111111' } }) });
    await sim.advance(2 * 60_000);
    const canceled = await sim.createRun('long_running');
    await sim.advance(10_000);
    await sim.api(`/task-runs/${canceled.id}/cancel`, { method: 'POST' });
    await sim.advance(10_000);
  });
  afterAll(async () => {
    await sim.close();
  });

  async function allEvents(query = '') {
    const { body } = await sim.apiJson(`/events?limit=100${query}`, eventListSchema);
    return body.data;
  }

  it('emits one event per status change of a run, plus storage.created, newest first', async () => {
    const events = await allEvents();
    const forRun = events.filter((event) => (event.data as { id?: string; task_run_id?: string }).id === mfaRunId || (event.data as { task_run_id?: string }).task_run_id === mfaRunId);
    expect(forRun.map((event) => event.type).reverse()).toEqual([
      'task_run.queued',
      'task_run.running',
      'task_run.interaction_required',
      'task_run.running',
      'storage.created',
      'task_run.completed',
    ]);
    const times = events.map((event) => Date.parse(event.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('snapshots a task run without input, output, storage or interaction', async () => {
    const [event] = await allEvents('&type=task_run.completed');
    expect(event?.data).toMatchObject({ id: mfaRunId, object: 'task_run', status: 'completed', result: 'success' });
    for (const key of ['input', 'output', 'storage', 'interaction', 'artifacts']) expect(event?.data).not.toHaveProperty(key);
  });

  it('emits task_run.canceling then task_run.canceled', async () => {
    const types = (await allEvents('&type=task_run.canceling,task_run.canceled')).map((event) => event.type);
    expect(types).toEqual(['task_run.canceled', 'task_run.canceling']);
  });

  it('filters by type as repeated params and by prefix pattern', async () => {
    const repeated = await allEvents('&type=task_run.queued&type=storage.created');
    expect(new Set(repeated.map((event) => event.type))).toEqual(new Set(['task_run.queued', 'storage.created']));
    const prefixed = await allEvents('&type=storage.*');
    expect(prefixed.length).toBeGreaterThan(0);
    expect(prefixed.every((event) => event.type === 'storage.created')).toBe(true);
  });

  it('filters by creation time', async () => {
    expect((await allEvents(`&created_before=${encodeURIComponent(startedAt)}`)).length).toBe(0);
    expect((await allEvents(`&created_after=${encodeURIComponent(startedAt)}`)).length).toBe((await allEvents()).length);
    expect((await sim.api('/events?created_after=soon')).status).toBe(400);
  });

  it('pages with cursors without gaps or repeats', async () => {
    const everything = (await allEvents()).map((event) => event.id);
    const seen: string[] = [];
    let cursor: string | null | undefined;
    for (let page = 0; page < 50; page += 1) {
      const { body } = await sim.apiJson(`/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`, eventListSchema);
      seen.push(...body.data.map((event) => event.id));
      cursor = body.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(everything);
    expect((await sim.api('/events?cursor=%%%')).status).toBe(400);
  });

  it('returns one event with a request id, and 404 for unknown ids', async () => {
    const [first] = await allEvents();
    const { status, body } = await sim.apiJson(`/events/${first?.id}`, eventSchema);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: first?.id, type: first?.type });
    expect(body.request_id).toMatch(/^req_/);
    const missing = await sim.api('/events/evt_missing');
    expect(missing.status).toBe(404);
    expect(expectEnvelope(await missing.json()).errors[0]?.code).toBe('event_not_found');
  });
});
