import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventListSchema, eventSchema, expectEnvelope } from '../testing/contract-schemas';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

describe('GET /v2/events', () => {
  let sim: SimulatorTestClient;
  let mfaRunId = '';
  let startedAt = '';
  let apiRunId = '';
  const requestIds = { run: '', answer: '', cancel: '' };

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

    // A run started, answered and canceled through the API: each call's request id is on its event.
    const started = (await (
      await sim.api('/tasks/task_Req1d5Run/run', { method: 'POST', body: JSON.stringify({ source_id: 'src_Bank01', input: { scenario: 'mfa' } }) })
    ).json()) as {
      id: string;
      request_id: string;
    };
    apiRunId = started.id;
    requestIds.run = started.request_id;
    await sim.advance(15_000);
    const answered = await sim.api(`/task-runs/${apiRunId}/interaction`, { method: 'POST', body: JSON.stringify({ input: { code: '123456' } }) });
    requestIds.answer = ((await answered.json()) as { request_id: string }).request_id;
    const cancel = await sim.api(`/task-runs/${apiRunId}/cancel`, { method: 'POST' });
    requestIds.cancel = ((await cancel.json()) as { request_id: string }).request_id;
    await sim.advance(60_000);
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
    const forRun = events.filter(
      (event) => (event.data as { id?: string; task_run_id?: string }).id === mfaRunId || (event.data as { task_run_id?: string }).task_run_id === mfaRunId,
    );
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
    const types = (await allEvents('&type=task_run.canceling,task_run.canceled')).filter((event) => event.data.id !== apiRunId).map((event) => event.type);
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

  it('carries the request that caused each event, and null for what the platform did itself', async () => {
    const forRun = (await allEvents()).filter((event) => event.data.id === apiRunId).reverse();
    expect(forRun.map((event) => [event.type, event.request_id])).toEqual([
      ['task_run.queued', requestIds.run],
      ['task_run.running', null],
      ['task_run.interaction_required', null],
      ['task_run.running', requestIds.answer],
      ['task_run.canceling', requestIds.cancel],
      ['task_run.canceled', null],
    ]);
    expect(new Set(Object.values(requestIds)).size).toBe(3);
    for (const event of forRun) {
      const single = await sim.apiJson(`/events/${event.id}`, eventSchema);
      expect(single.body.request_id).toBe(event.request_id);
    }
  });

  it('sends missing values in event data as "" by default, and null once switched off', async () => {
    const queued = (await allEvents('&type=task_run.queued')).find((event) => event.data.id === apiRunId);
    expect(queued?.data).toEqual({
      id: apiRunId,
      object: 'task_run',
      status: 'queued',
      result: '',
      task_id: 'task_Req1d5Run',
      credential_id: '',
      agent_id: expect.stringMatching(/^agt_/),
      source_id: 'src_Bank01',
      runtime_ms: '',
      created_at: queued?.created_at,
      updated_at: queued?.created_at,
    });
    expect((await sim.control('POST', '/settings', { eventEmptyStrings: false })).status).toBe(200);
    try {
      const plain = (await sim.apiJson(`/events/${queued?.id}`, eventSchema)).body;
      expect(plain.data).toMatchObject({ result: null, credential_id: null, runtime_ms: null, source_id: 'src_Bank01' });
    } finally {
      await sim.control('POST', '/settings', { eventEmptyStrings: true });
    }
  });

  it('returns one event, and 404 for unknown ids', async () => {
    const [first] = await allEvents();
    const { status, body } = await sim.apiJson(`/events/${first?.id}`, eventSchema);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: first?.id, type: first?.type, data: first?.data });
    const missing = await sim.api('/events/evt_missing');
    expect(missing.status).toBe(404);
    expect(expectEnvelope(await missing.json()).errors[0]?.code).toBe('event_not_found');
  });
});
