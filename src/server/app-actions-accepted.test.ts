import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runActionResponseSchema, runResponseSchema } from '../contract/bff';
import { CANARY_KEY } from './testing/canary';
import { startAuditedAppServer, startScriptedServer, type AuditedAppServer, type ScriptedReply } from './testing/audited-app-server';
import { expectApiError } from './testing/api-envelope';

/**
 * Actions against an upstream written from the contract alone (a scripted HTTP server on
 * loopback): whatever 2xx body an accepted answer or cancel comes back with, it is reported as
 * accepted and the run read again; the audit entry is settled from what the run shows next.
 */

type Run = Record<string, unknown> & { id: string };

const runs = new Map<string, Run>();
/** What the next POST to an action answers; `null` answers with the run as it stands. */
let actionReply: ScriptedReply | null = null;
/** Applied to the stored run when an action is accepted. */
let onAction: (run: Run, action: 'interaction' | 'cancel') => void = () => {};
let failReads = false;

const json = (status: number, body: unknown): ScriptedReply => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function baseRun(id: string, overrides: Record<string, unknown> = {}): Run {
  return {
    id,
    object: 'task_run',
    status: 'running',
    result: null,
    task_id: 'task_accept1',
    agent_id: 'agt_accept1',
    source_id: 'src_accept1',
    credential_id: null,
    session_id: null,
    runtime_ms: 1000,
    output: null,
    errors: null,
    interaction: null,
    created_at: '2026-03-02T10:00:00Z',
    updated_at: '2026-03-02T10:00:05Z',
    request_id: 'req_accept1',
    ...overrides,
  };
}

function waitingRun(id: string, updatedAt = '2026-03-02T10:01:00Z'): Run {
  return baseRun(id, {
    status: 'interaction_required',
    updated_at: updatedAt,
    interaction: { type: 'mfa', message: 'Enter the code we sent.', fields: [{ name: 'code', type: 'string', label: 'Code' }] },
  });
}

const upstream = await startScriptedServer((req) => {
  const match = /^\/v2\/task-runs\/([A-Za-z0-9_]+)(?:\/(interaction|cancel))?(?:\?.*)?$/.exec(req.url);
  const run = match ? runs.get(match[1]!) : undefined;
  if (!match || !run) return json(404, { errors: [{ type: 'request', code: 'task_run_not_found', message: 'No such task run.' }], request_id: 'req_nf' });
  if (req.method === 'GET')
    return failReads
      ? json(500, { errors: [{ type: 'api', code: 'api_error', message: 'boom' }], request_id: 'req_500' })
      : json(200, { ...run, request_id: 'req_read' });
  onAction(run, match[2] as 'interaction' | 'cancel');
  return actionReply ?? json(200, run);
});

let app: AuditedAppServer;

beforeAll(async () => {
  app = await startAuditedAppServer({ upstreamBaseUrl: `${upstream.origin}/v2` });
});

afterAll(async () => {
  await app?.close();
  await upstream.close();
});

beforeEach(() => {
  actionReply = null;
  failReads = false;
  onAction = (run, action) => {
    if (action === 'interaction') Object.assign(run, { status: 'running', interaction: null, updated_at: '2026-03-02T10:01:30Z' });
    else Object.assign(run, { status: 'canceling', updated_at: '2026-03-02T10:01:30Z' });
  };
});

function actionPosts(runId: string, action: 'interaction' | 'cancel') {
  return upstream.requests.filter((r) => r.method === 'POST' && r.url === `/v2/task-runs/${runId}/${action}`);
}

async function promptIdOf(runId: string): Promise<string> {
  const read = runResponseSchema.parse((await app.request(`/api/runs/${runId}`)).json());
  expect(read.run.interaction).not.toBeNull();
  return read.run.interaction!.promptId;
}

const ACCEPTED_BODIES: Array<[string, ScriptedReply]> = [
  ['200 with the run', { status: 200 }],
  ['202 with an empty body', { status: 202, body: '' }],
  ['204 no content', { status: 204 }],
  ['200 with a body that is not a run', json(200, { accepted: true, request_id: 'req_ack' })],
  ['200 with a body that is not JSON', { status: 200, headers: { 'content-type': 'text/plain' }, body: 'OK' }],
];

describe('an answer the upstream accepted', () => {
  it.each(ACCEPTED_BODIES)('is accepted with %s, and the run is read again', async (_label, reply) => {
    const id = `trun_answer${upstream.requests.length}x`;
    runs.set(id, waitingRun(id));
    const promptId = await promptIdOf(id);
    actionReply = reply.status === 200 && reply.body === undefined ? null : reply;

    const response = await app.post(`/api/runs/${id}/interaction`, { promptId, input: { code: '424242' } });
    expect(response.status).toBe(200);
    const body = runActionResponseSchema.parse(response.json());
    expect(body.accepted).toBe(true);
    expect(body.run?.status).toBe('running');
    expect(body.freshness?.stale).toBe(false);
    expect(actionPosts(id, 'interaction')).toHaveLength(1);
    expect(app.auditOf(id).map((e) => [e.action, e.outcome])).toEqual([['interaction.submitted', 'accepted']]);
  });

  it('is still accepted when the run cannot be read again right after', async () => {
    const id = 'trun_answerNoReread';
    runs.set(id, waitingRun(id));
    const promptId = await promptIdOf(id);
    actionReply = { status: 204 };
    onAction = (run) => {
      Object.assign(run, { status: 'running', interaction: null });
      failReads = true;
    };
    const response = await app.post(`/api/runs/${id}/interaction`, { promptId, input: { code: '424242' } });
    expect(response.status).toBe(200);
    expect(runActionResponseSchema.parse(response.json())).toEqual({ accepted: true, run: null, freshness: null });
  });

  it('sends the same Idempotency-Key for the same prompt, derived from the run and the prompt', async () => {
    const id = 'trun_answerKey1';
    runs.set(id, waitingRun(id));
    const promptId = await promptIdOf(id);
    // The upstream refuses the first attempt (not stored there), so the retry goes out again, same key.
    actionReply = json(503, { errors: [{ type: 'api', code: 'api_error', message: 'try again' }], request_id: 'req_busy' });
    onAction = () => {};
    expect((await app.post(`/api/runs/${id}/interaction`, { promptId, input: { code: '111111' } })).status).toBe(502);
    actionReply = null;
    onAction = (run) => Object.assign(run, { status: 'running', interaction: null, updated_at: '2026-03-02T10:02:00Z' });
    expect((await app.post(`/api/runs/${id}/interaction`, { promptId, input: { code: '111111' } })).status).toBe(200);
    const keys = actionPosts(id, 'interaction').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^rw-answer-[A-Za-z0-9_-]{20,}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(JSON.parse(actionPosts(id, 'interaction')[0]!.body)).toEqual({ input: { code: '111111' } });
  });

  it('is audited as rejected when the run comes back asking for the same kind of prompt', async () => {
    const id = 'trun_answerRejected';
    runs.set(id, waitingRun(id));
    const promptId = await promptIdOf(id);
    expect((await app.post(`/api/runs/${id}/interaction`, { promptId, input: { code: '000000' } })).status).toBe(200);
    expect(app.auditOf(id).map((e) => e.outcome)).toEqual(['accepted']);

    // The website refuses the code: a fresh prompt of the same kind.
    runs.set(id, waitingRun(id, '2026-03-02T10:03:00Z'));
    await vi.waitFor(() => expect(app.auditOf(id).map((e) => e.outcome)).toEqual(['rejected']), { timeout: 10_000, interval: 100 });
    expect(app.auditOf(id)[0]?.detail).toContain('mfa');
  });

  it('stays accepted when the run goes on to another kind of prompt, whatever comes later', async () => {
    const id = 'trun_answerStands';
    runs.set(id, waitingRun(id));
    const promptId = await promptIdOf(id);
    expect((await app.post(`/api/runs/${id}/interaction`, { promptId, input: { code: '123456' } })).status).toBe(200);
    runs.set(
      id,
      baseRun(id, {
        status: 'interaction_required',
        updated_at: '2026-03-02T10:04:00Z',
        interaction: { type: 'security_question', message: 'First pet?', fields: [{ name: 'answer', type: 'string', label: 'Answer' }] },
      }),
    );
    const settled = () => app.logs.filter((line) => line.includes('action outcome settled') && line.includes(id));
    await vi.waitFor(() => expect(settled()).toHaveLength(1), { timeout: 10_000, interval: 100 });
    expect(settled()[0]).toContain('as audited');
    // A later prompt of the first kind no longer speaks about that answer.
    runs.set(id, waitingRun(id, '2026-03-02T10:06:00Z'));
    await app.request(`/api/runs/${id}`);
    expect(app.auditOf(id).map((e) => e.outcome)).toEqual(['accepted']);
  });
});

describe('a cancel the upstream accepted', () => {
  it.each(ACCEPTED_BODIES)('is accepted with %s and audited as requested', async (_label, reply) => {
    const id = `trun_cancel${upstream.requests.length}x`;
    runs.set(id, baseRun(id));
    actionReply = reply.status === 200 && reply.body === undefined ? null : reply;
    const response = await app.post(`/api/runs/${id}/cancel`, {});
    expect(response.status).toBe(200);
    const body = runActionResponseSchema.parse(response.json());
    expect(body).toMatchObject({ accepted: true, run: { status: 'canceling' } });
    expect(actionPosts(id, 'cancel')).toHaveLength(1);
    expect(actionPosts(id, 'cancel')[0]?.headers['idempotency-key']).toMatch(/^rw-cancel-[A-Za-z0-9_-]{20,}$/);
    expect(app.auditOf(id).map((e) => [e.action, e.outcome])).toEqual([['run.canceled', 'requested']]);
  });

  it('is audited as canceled once the run is seen canceled', async () => {
    const id = 'trun_cancelSettles';
    runs.set(id, baseRun(id));
    expect((await app.post(`/api/runs/${id}/cancel`, {})).status).toBe(200);
    expect(app.auditOf(id).map((e) => e.outcome)).toEqual(['requested']);
    Object.assign(runs.get(id)!, { status: 'canceled', canceled_at: '2026-03-02T10:05:00Z', updated_at: '2026-03-02T10:05:00Z' });
    await vi.waitFor(() => expect(app.auditOf(id).map((e) => e.outcome)).toEqual(['canceled']), { timeout: 10_000, interval: 100 });
  });

  it('answers with the run as a run read would: a large output left out and marked, for the page to fetch apart', async () => {
    const id = 'trun_cancelLargeOutput';
    const output = { pages: 'x'.repeat(300 * 1024) };
    runs.set(id, baseRun(id, { output }));
    const response = await app.post(`/api/runs/${id}/cancel`, {});
    expect(response.status).toBe(200);
    const body = runActionResponseSchema.parse(response.json());
    expect(body.run?.output).toBeNull();
    expect(body.run?.outputOmitted).toEqual({ bytes: JSON.stringify(output).length, reason: 'too_large' });
  });

  it('is sent once for a double click: the second request joins the first', async () => {
    const id = 'trun_cancelTwice';
    runs.set(id, baseRun(id));
    const [first, second] = await Promise.all([app.post(`/api/runs/${id}/cancel`, {}), app.post(`/api/runs/${id}/cancel`, {})]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(runActionResponseSchema.parse(second.json()).accepted).toBe(true);
    expect(actionPosts(id, 'cancel')).toHaveLength(1);
    expect(app.auditOf(id)).toHaveLength(1);
  });

  it('is reported as refused, not accepted, when the upstream answers 409', async () => {
    const id = 'trun_cancelRefused';
    runs.set(id, baseRun(id, { status: 'completed', result: 'success' }));
    actionReply = json(409, { errors: [{ type: 'request', code: 'task_run_not_cancelable', message: 'Finished.' }], request_id: 'req_409' });
    const response = await app.post(`/api/runs/${id}/cancel`, {});
    await expectApiError(response, { status: 409, code: 'not_cancelable' });
    expect(app.auditOf(id).map((e) => e.outcome)).toEqual(['rejected']);
  });
});

describe('secrets', () => {
  it('never served the key', async () => {
    expect((await app.served()).some((text) => text.includes(CANARY_KEY))).toBe(false);
  });
});
