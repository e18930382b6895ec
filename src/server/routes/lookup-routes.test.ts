import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_HEADER_VALUE, runResponseSchema } from '@/contract/bff';
import { lookupRecentResponseSchema, lookupResolveResponseSchema, MAX_UPSTREAM_READS_PER_LOOKUP, type LookupAnswer } from '@/contract/lookup';
import { MAX_LOOKUP_IDS } from '@/contract/paste-ids';
import { at, runEvent } from '../store/event-store-suite';
import { startHarness, type Harness } from '../testing/runwatch-harness';
import { expectApiError } from '../testing/api-envelope';

/** `POST /api/lookup/resolve` and `GET /api/lookup/recent` over real HTTP, real SQLite stores and the simulator. */

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  // What the upstream's event log told Runwatch: two runs of one task, the first created by req_fromEventLog1.
  await h.events.ingest(
    [
      runEvent('evt_lk1', 'trun_indexedOld', 'queued', 0, { requestId: 'req_fromEventLog1', run: { taskId: 'task_Lk7Bq2', sourceId: 'src_Lk7Bq2' } }),
      runEvent('evt_lk2', 'trun_indexedOld', 'failed', 60, { run: { taskId: 'task_Lk7Bq2', sourceId: 'src_Lk7Bq2' } }),
      runEvent('evt_lk3', 'trun_indexedNew', 'running', 120, {
        run: { taskId: 'task_Lk7Bq2', sourceId: 'src_Other1', createdAt: at(120) },
      }),
    ],
    'catch_up',
  );
});

afterAll(async () => {
  await h?.close();
});

async function resolve(ids: unknown, role: 'viewer' | 'operator' = 'viewer'): Promise<LookupAnswer[]> {
  const response = await h.post('/api/lookup/resolve', { ids }, { role });
  expect(response.status).toBe(200);
  return lookupResolveResponseSchema.parse(response.json()).answers;
}

describe('resolving pasted ids', () => {
  it('answers a run the index holds with its status and task, without asking the upstream', async () => {
    await h.resetUpstreamRequests();
    const [answer] = await resolve(['trun_indexedOld']);
    expect(answer).toMatchObject({
      id: 'trun_indexedOld',
      kind: 'run',
      outcome: 'found',
      source: 'run_index',
      runId: 'trun_indexedOld',
      run: { status: 'failed', taskId: 'task_Lk7Bq2' },
    });
    expect(await h.upstreamRequests()).toEqual([]);
  });

  it('reads a run the index lacks from the upstream once, and says plainly when it does not exist', async () => {
    const created = await h.createRun('long_running');
    await h.resetUpstreamRequests();
    const [live, missing] = await resolve([created.id, 'trun_doesNotExist9']);
    expect(live).toMatchObject({ kind: 'run', outcome: 'found', source: 'upstream', runId: created.id, run: { taskId: created.task_id } });
    expect(missing).toMatchObject({ kind: 'run', outcome: 'unknown', source: null, runId: null, run: null });
    expect((await h.upstreamRequests()).map((r) => r.path)).toEqual(
      expect.arrayContaining([`/v2/task-runs/${created.id}`, '/v2/task-runs/trun_doesNotExist9']),
    );
  });

  it(`spends at most ${MAX_UPSTREAM_READS_PER_LOOKUP} upstream reads on one lookup; the other unindexed runs stay unchecked`, async () => {
    const ids = Array.from({ length: MAX_UPSTREAM_READS_PER_LOOKUP + 2 }, (_, i) => `trun_budgetProbe${i}`);
    await h.resetUpstreamRequests();
    const answers = await resolve(ids);
    expect(answers.map((a) => a.outcome)).toEqual([...Array<string>(MAX_UPSTREAM_READS_PER_LOOKUP).fill('unknown'), 'unchecked', 'unchecked']);
    expect((await h.upstreamRequests()).filter((r) => r.path.startsWith('/v2/task-runs/trun_budgetProbe'))).toHaveLength(MAX_UPSTREAM_READS_PER_LOOKUP);
  });

  it('finds the run of a request Runwatch made itself, and of one only the event log names', async () => {
    const created = await h.createRun('long_running');
    const read = runResponseSchema.parse((await h.request(`/api/runs/${created.id}`)).json());
    const ownRequest = read.run.upstreamRequestId!;
    const [own, logged, unseen] = await resolve([ownRequest, 'req_fromEventLog1', 'req_neverSeen77']);
    expect(own).toMatchObject({ kind: 'request', outcome: 'found', source: 'runwatch', runId: created.id });
    expect(own?.observedAt).toEqual(expect.any(String));
    expect(logged).toMatchObject({
      kind: 'request',
      outcome: 'found',
      source: 'event_log',
      runId: 'trun_indexedOld',
      run: { status: 'failed' },
      observedAt: at(0),
    });
    expect(unseen).toMatchObject({ kind: 'request', outcome: 'unknown', runId: null });
  });

  it('counts the runs of a task, source or agent in the index and names the newest', async () => {
    const [task, source, agent, unusedTask, credential, session] = await resolve([
      'task_Lk7Bq2',
      'src_Lk7Bq2',
      'agt_1',
      'task_neverRun1',
      'cred_neverUsed1',
      'sess_K1v9Rt4e',
    ]);
    expect(task).toMatchObject({ kind: 'task', outcome: 'found', runCount: 2, runId: 'trun_indexedNew', run: { status: 'running' } });
    expect(source).toMatchObject({ kind: 'source', outcome: 'found', runCount: 1, runId: 'trun_indexedOld' });
    expect(agent).toMatchObject({ kind: 'agent', outcome: 'found', runCount: 2 });
    expect(unusedTask).toMatchObject({ kind: 'task', outcome: 'unknown', runCount: 0, runId: null });
    expect(credential).toMatchObject({ kind: 'credential', outcome: 'unknown', runCount: 0 });
    expect(session).toMatchObject({ kind: 'session', outcome: 'unknown', runCount: null });
  });

  it('answers in the order asked, each id once', async () => {
    const answers = await resolve(['req_fromEventLog1', 'trun_indexedNew', 'req_fromEventLog1']);
    expect(answers.map((a) => a.id)).toEqual(['req_fromEventLog1', 'trun_indexedNew']);
  });
});

describe('bad resolve requests', () => {
  it('refuses an id of no known kind by its position, without repeating it', async () => {
    const secret = 'sk_live_pastedByMistake';
    const error = await expectApiError(await h.post('/api/lookup/resolve', { ids: ['trun_indexedOld', secret, 'stor_x1'] }), {
      status: 400,
      code: 'invalid_id',
    });
    expect(error.details).toEqual({ indexes: [1, 2] });
    expect(JSON.stringify(error)).not.toContain('pastedByMistake');
  });

  it.each([
    ['no ids', { ids: [] }],
    ['too many ids', { ids: Array.from({ length: MAX_LOOKUP_IDS + 1 }, (_, i) => `trun_many${i}`) }],
    ['an id that is not a string', { ids: [42] }],
    ['an absurdly long id', { ids: [`trun_${'x'.repeat(300)}`] }],
    ['no ids field', { q: 'trun_indexedOld' }],
  ])('refuses %s', async (_, body) => {
    await expectApiError(await h.post('/api/lookup/resolve', body), { status: 400, code: 'invalid_request' });
  });

  it('refuses a body that is not JSON', async () => {
    const response = await h.request('/api/lookup/resolve', {
      method: 'POST',
      body: '{"ids": [',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: h.url },
    });
    expect(response.status).toBe(400);
  });

  it('needs a signed-in person', async () => {
    await expectApiError(await h.post('/api/lookup/resolve', { ids: ['trun_indexedOld'] }, { role: 'none' }), { status: 401, code: 'unauthenticated' });
    await expectApiError(await h.request('/api/lookup/recent', { role: 'none' }), { status: 401, code: 'unauthenticated' });
  });
});

describe('recent lookups', () => {
  it("keeps each person's lookups, newest first, as ids only", async () => {
    await resolve(['trun_indexedOld'], 'operator');
    await resolve(['req_fromEventLog1', 'task_Lk7Bq2'], 'operator');
    await resolve(['trun_indexedOld'], 'operator');
    const mine = lookupRecentResponseSchema.parse((await h.request('/api/lookup/recent', { role: 'operator' })).json());
    expect(mine.entries.map((e) => e.ids)).toEqual([['trun_indexedOld'], ['req_fromEventLog1', 'task_Lk7Bq2']]);
    expect(mine.entries[0]?.at).toEqual(expect.any(String));

    const admins = lookupRecentResponseSchema.parse((await h.request('/api/lookup/recent', { role: 'admin' })).json());
    expect(admins.entries).toEqual([]);
  });

  it('remembers nothing of a refused lookup', async () => {
    await h.post('/api/lookup/resolve', { ids: ['sk_live_nope'] }, { role: 'admin' });
    const admins = lookupRecentResponseSchema.parse((await h.request('/api/lookup/recent', { role: 'admin' })).json());
    expect(admins.entries).toEqual([]);
  });
});
