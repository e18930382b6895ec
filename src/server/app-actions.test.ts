import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requestLookupResponseSchema, runActionResponseSchema, runResponseSchema, timelineResponseSchema } from '../contract/bff';
import type { UpstreamTaskRun } from '../contract/upstream';
import { startAuditedAppServer, type AuditedAppServer } from './testing/audited-app-server';
import { CANARY_KEY, startHarness, type Harness } from './testing/runwatch-harness';
import { expectApiError } from './testing/api-envelope';

/** Answering interactions, canceling, the observed timeline and request-id lookups, over real HTTP. */

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** A run of `scenario` moved forward until it waits for input, with the id of the prompt waiting. */
async function waitingRun(scenario = 'mfa'): Promise<UpstreamTaskRun & { promptId: string }> {
  const run = await h.createRun(scenario);
  await h.advance(30_000);
  const response = await h.request(`/api/runs/${run.id}`);
  const view = runResponseSchema.parse(response.json()).run;
  expect(view.status).toBe('interaction_required');
  return { ...run, promptId: view.interaction!.promptId };
}

async function interactionPosts(runId: string) {
  return (await h.upstreamRequests()).filter((r) => r.method === 'POST' && r.path === `/v2/task-runs/${runId}/interaction`);
}

describe('answering an interaction', () => {
  it('checks the answer against the fields the run asks for now, before anything is sent', async () => {
    const run = await waitingRun();
    await h.resetUpstreamRequests();
    const missing = await expectApiError(await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: {} }), {
      status: 400,
      code: 'invalid_interaction',
    });
    expect(missing.details).toEqual({ missing: ['code'], unexpected: [], notAnOption: [] });
    const blank = await expectApiError(await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: { code: '   ' } }), {
      status: 400,
      code: 'invalid_interaction',
    });
    expect(blank.details).toMatchObject({ missing: ['code'] });
    const extra = await expectApiError(
      await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: { code: '123456', password: 'hunter2' } }),
      { status: 400, code: 'invalid_interaction' },
    );
    expect(extra.details).toEqual({ missing: [], unexpected: ['password'], notAnOption: [] });
    expect(JSON.stringify(extra)).not.toContain('hunter2');
    expect(await interactionPosts(run.id)).toHaveLength(0);
    expect(h.audits.filter((a) => a.runId === run.id).map((a) => a.outcome)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it.each([
    ['a body that is not JSON', '{"input": '],
    ['a wrong shape', JSON.stringify({ inputs: { code: '1' } })],
    ['a non-string value', JSON.stringify({ input: { code: 123456 } })],
    ['a too long value', JSON.stringify({ input: { code: 'x'.repeat(1001) } })],
  ])('refuses %s with 400 invalid_request', async (_label, body) => {
    const run = await waitingRun();
    const response = await h.request(`/api/runs/${run.id}/interaction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-runwatch-csrf': '1', origin: h.url },
      body,
    });
    await expectApiError(response, { status: 400, code: 'invalid_request' });
    expect(await interactionPosts(run.id)).toHaveLength(0);
  });

  it('forwards a valid answer once, audits who answered (not what), and shows the new state to every viewer', async () => {
    const run = await waitingRun();
    await h.resetUpstreamRequests();
    const secret = '918273';
    const response = await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: { code: secret } });
    expect(response.status).toBe(200);
    const body = runActionResponseSchema.parse(response.json());
    expect(body.accepted).toBe(true);
    expect(body.run?.status).toBe('running');
    expect(body.freshness?.stale).toBe(false);
    expect(await interactionPosts(run.id)).toHaveLength(1);

    const entry = h.audits.at(-1);
    expect(entry).toMatchObject({
      action: 'interaction.submitted',
      outcome: 'accepted',
      actor: 'operator-person',
      actorRole: 'operator',
      runId: run.id,
      detail: 'mfa',
      address: '127.0.0.1',
    });
    expect(entry?.upstreamRequestId).toMatch(/^req_/);
    expect(entry?.requestId).toBe(response.headers.get('x-request-id'));

    // The cached interaction_required copy is not served after the answer: the run was read again.
    const after = await h.request(`/api/runs/${run.id}`);
    expect(runResponseSchema.parse(after.json()).run.status).toBe('running');

    expect(h.logs.some((line) => line.includes(secret))).toBe(false);
    expect(h.audits.some((a) => JSON.stringify(a).includes(secret))).toBe(false);
  });

  it('refuses an answer when the run no longer waits for input', async () => {
    const run = await waitingRun();
    expect((await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: { code: '111111' } })).status).toBe(200);
    await h.resetUpstreamRequests();
    const error = await expectApiError(await h.post(`/api/runs/${run.id}/interaction`, { promptId: 'a-prompt-never-shown', input: { code: '111111' } }), {
      status: 409,
      code: 'not_waiting_for_input',
    });
    expect(error.details).toEqual({ status: 'running' });
    expect(await interactionPosts(run.id)).toHaveLength(0);
    expect(h.audits.at(-1)).toMatchObject({ outcome: 'rejected', detail: 'not_waiting_for_input' });
  });

  it('sends the same answer to one prompt once: a retry is told it was accepted, nothing goes upstream again', async () => {
    const run = await waitingRun();
    await h.resetUpstreamRequests();
    const auditsBefore = h.audits.length;
    const first = await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: { code: '313131' } });
    const again = await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: { code: '313131' } });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(runActionResponseSchema.parse(again.json())).toMatchObject({ accepted: true, run: { status: 'running' } });
    expect(await interactionPosts(run.id)).toHaveLength(1);
    expect(h.audits.slice(auditsBefore).map((a) => a.outcome)).toEqual(['accepted']);
  });

  it('sends one answer for a double click: the second request joins the first', async () => {
    const run = await waitingRun();
    await h.resetUpstreamRequests();
    const body = { promptId: run.promptId, input: { code: '525252' } };
    const responses = await Promise.all([h.post(`/api/runs/${run.id}/interaction`, body), h.post(`/api/runs/${run.id}/interaction`, body)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(await interactionPosts(run.id)).toHaveLength(1);
  });

  it('refuses a different answer to a prompt already answered with 409 interaction_conflict', async () => {
    const run = await waitingRun();
    expect((await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: { code: '646464' } })).status).toBe(200);
    await h.resetUpstreamRequests();
    const error = await expectApiError(await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: { code: '757575' } }), {
      status: 409,
      code: 'interaction_conflict',
    });
    expect(error.details).toEqual({ reason: 'already_answered' });
    expect(JSON.stringify(error)).not.toContain('757575');
    expect(await interactionPosts(run.id)).toHaveLength(0);
    expect(h.audits.at(-1)).toMatchObject({ outcome: 'rejected', detail: 'interaction_conflict' });
  });

  it('refuses an answer to a prompt that is no longer the one waiting with 409 interaction_conflict', async () => {
    const run = await waitingRun();
    // Someone else answers (another tool on the same key); the website rejects it and asks again.
    const direct = await fetch(`${h.sim.baseUrl}/task-runs/${run.id}/interaction`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CANARY_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { code: '000000' } }),
    });
    expect(direct.status).toBe(200);
    await direct.text();
    await h.advance(5_000);
    await h.resetUpstreamRequests();
    const error = await expectApiError(await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: { code: '868686' } }), {
      status: 409,
      code: 'interaction_conflict',
    });
    expect(error.details).toEqual({ reason: 'prompt_changed' });
    expect(await interactionPosts(run.id)).toHaveLength(0);
    expect(h.audits.at(-1)).toMatchObject({ outcome: 'rejected', detail: 'mfa: interaction_conflict' });

    // The prompt waiting now can be answered.
    const fresh = runResponseSchema.parse((await h.request(`/api/runs/${run.id}`)).json()).run.interaction!;
    expect(fresh.promptId).not.toBe(run.promptId);
    expect((await h.post(`/api/runs/${run.id}/interaction`, { promptId: fresh.promptId, input: { code: '868686' } })).status).toBe(200);
  });

  it('validates against the current prompt, whatever kind it is', async () => {
    const run = await waitingRun('security_question');
    await expectApiError(await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: { code: '123456' } }), {
      status: 400,
      code: 'invalid_interaction',
    });
    expect((await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: { answer: 'Rex' } })).status).toBe(200);
    expect(h.audits.at(-1)).toMatchObject({ outcome: 'accepted', detail: 'security_question' });
  });

  it('reports an upstream failure of the submit and audits it as failed', async () => {
    const run = await waitingRun();
    await h.simControl('faults', { kind: '401', count: 1, pathPrefix: `/v2/task-runs/${run.id}/interaction` });
    await expectApiError(await h.post(`/api/runs/${run.id}/interaction`, { promptId: run.promptId, input: { code: '123456' } }), {
      status: 502,
      code: 'upstream_auth',
    });
    expect(h.audits.at(-1)).toMatchObject({ outcome: 'failed', detail: 'mfa: upstream_auth' });
  });
});

describe('canceling', () => {
  it('cancels a running run and audits it', async () => {
    const run = await h.createRun('long_running');
    await h.advance(20_000);
    const response = await h.post(`/api/runs/${run.id}/cancel`, {});
    expect(response.status).toBe(200);
    expect(runActionResponseSchema.parse(response.json()).run?.status).toBe('canceling');
    expect(h.audits.at(-1)).toMatchObject({ action: 'run.canceled', outcome: 'requested', runId: run.id, actor: 'operator-person' });
  });

  it('accepts an empty body but nothing else', async () => {
    const run = await h.createRun('long_running');
    const response = await h.request(`/api/runs/${run.id}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-runwatch-csrf': '1', origin: h.url },
    });
    expect(response.status).toBe(200);
    const other = await h.createRun('long_running');
    await expectApiError(await h.post(`/api/runs/${other.id}/cancel`, { reason: 'x' }), { status: 400, code: 'invalid_request' });
  });

  it('passes on the upstream refusal for a finished run as 409 with its error items', async () => {
    const run = await h.createRun('success');
    await h.advance(10 * 60_000);
    const error = await expectApiError(await h.post(`/api/runs/${run.id}/cancel`, {}), { status: 409, code: 'not_cancelable' });
    expect(error.upstreamRequestId).toMatch(/^req_/);
    expect(error.details).toMatchObject({ upstreamStatus: 409, upstreamErrors: [{ code: 'task_run_not_cancelable', type: 'request' }] });
    expect(h.audits.at(-1)).toMatchObject({ action: 'run.canceled', outcome: 'rejected', detail: 'not_cancelable' });
  });

  it('maps an unknown run to 404 and audits the attempt', async () => {
    await expectApiError(await h.post('/api/runs/trun_neverExisted9/cancel', {}), { status: 404, code: 'run_not_found' });
    expect(h.audits.at(-1)).toMatchObject({ action: 'run.canceled', outcome: 'rejected', runId: 'trun_neverExisted9' });
  });
});

describe('audit outcomes settled from what the run shows next (real audit store)', () => {
  let app: AuditedAppServer;

  beforeAll(async () => {
    app = await startAuditedAppServer({ upstreamBaseUrl: h.sim.baseUrl });
  });

  afterAll(async () => {
    await app?.close();
  });

  async function promptOf(runId: string): Promise<string> {
    const view = runResponseSchema.parse((await app.request(`/api/runs/${runId}`)).json()).run;
    expect(view.status).toBe('interaction_required');
    return view.interaction!.promptId;
  }

  it('audits a code the website rejects as rejected, and the next, accepted one as accepted', async () => {
    const run = await h.createRun('mfa');
    await h.advance(30_000);
    const first = await promptOf(run.id);
    expect((await app.post(`/api/runs/${run.id}/interaction`, { promptId: first, input: { code: '000000' } })).status).toBe(200);
    expect(app.auditOf(run.id).map((e) => e.outcome)).toEqual(['accepted']);

    await h.advance(5_000);
    await vi.waitFor(() => expect(app.auditOf(run.id).map((e) => e.outcome)).toEqual(['rejected']), { timeout: 10_000, interval: 100 });

    const second = await promptOf(run.id);
    expect(second).not.toBe(first);
    expect((await app.post(`/api/runs/${run.id}/interaction`, { promptId: second, input: { code: '418302' } })).status).toBe(200);
    await h.advance(10 * 60_000);
    await vi.waitFor(() => expect(app.logs.filter((line) => line.includes('action outcome settled') && line.includes(run.id))).toHaveLength(2), {
      timeout: 10_000,
      interval: 100,
    });
    expect(app.auditOf(run.id).map((e) => e.outcome)).toEqual(['rejected', 'accepted']);
  });

  it('audits a cancel as requested, then as canceled once the run is canceled', async () => {
    const run = await h.createRun('long_running');
    await h.advance(20_000);
    const response = await app.post(`/api/runs/${run.id}/cancel`, {});
    expect(runActionResponseSchema.parse(response.json()).run?.status).toBe('canceling');
    expect(app.auditOf(run.id).map((e) => [e.action, e.outcome])).toEqual([['run.canceled', 'requested']]);

    await h.advance(60_000);
    await vi.waitFor(() => expect(app.auditOf(run.id).map((e) => e.outcome)).toEqual(['canceled']), { timeout: 10_000, interval: 100 });
  });
});

describe('observations', () => {
  it('records each status the first time it is seen, and serves them as the timeline', async () => {
    const run = await h.createRun('mfa');
    const empty = timelineResponseSchema.parse((await h.request(`/api/runs/${run.id}/timeline`)).json());
    expect(empty).toEqual({ runId: run.id, firstObservedAt: null, entries: [] });

    await h.request(`/api/runs/${run.id}`);
    await h.advance(30_000);
    await h.request(`/api/runs/${run.id}?include=artifacts`);
    const waiting = runResponseSchema.parse((await h.request(`/api/runs/${run.id}?include=artifacts`)).json()).run;
    const answered = await h.post(`/api/runs/${run.id}/interaction`, { promptId: waiting.interaction!.promptId, input: { code: '222222' } });
    expect(answered.status).toBe(200);
    await h.advance(10 * 60_000);
    await h.request('/api/runs');

    const timeline = timelineResponseSchema.parse((await h.request(`/api/runs/${run.id}/timeline`)).json());
    expect(timeline.entries.map((e) => e.status)).toEqual(['queued', 'interaction_required', 'running', 'completed']);
    expect(timeline.firstObservedAt).toBe(timeline.entries[0]?.observedAt);
    expect(timeline.entries.at(-1)).toMatchObject({ result: 'success', errorCodes: [] });
  });

  it('records error codes of failed runs', async () => {
    const run = await h.createRun('fail_auth_invalid');
    await h.advance(10 * 60_000);
    await h.request(`/api/runs/${run.id}`);
    const timeline = timelineResponseSchema.parse((await h.request(`/api/runs/${run.id}/timeline`)).json());
    expect(timeline.entries.at(-1)).toMatchObject({ status: 'failed', result: 'failure', errorCodes: ['auth_invalid'] });
  });

  it('finds the run an upstream request id belongs to', async () => {
    const run = await h.createRun('long_running');
    const read = runResponseSchema.parse((await h.request(`/api/runs/${run.id}`)).json());
    const requestId = read.run.upstreamRequestId!;
    const found = requestLookupResponseSchema.parse((await h.request(`/api/lookup/request/${requestId}`)).json());
    expect(found).toMatchObject({ requestId, runId: run.id });

    // Failed calls count too: support may be handed the request id of an error.
    await h.simControl('faults', { kind: '500', count: 3, pathPrefix: `/v2/task-runs/${run.id}/cancel` });
    const failed = await expectApiError(await h.post(`/api/runs/${run.id}/cancel`, {}), { status: 502, code: 'upstream_error' });
    const byError = requestLookupResponseSchema.parse((await h.request(`/api/lookup/request/${failed.upstreamRequestId}`)).json());
    expect(byError.runId).toBe(run.id);
    await h.simControl('faults', undefined, 'DELETE');

    await expectApiError(await h.request('/api/lookup/request/req_neverSeen123'), { status: 404, code: 'request_not_found' });
  });
});

describe('secrets', () => {
  it('never let the API key into a response or a log line', () => {
    expect(h.leaks()).toEqual([]);
  });
});
