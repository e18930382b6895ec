import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_ID, expectEnvelope, runListSchema } from '../testing/contract-schemas';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

describe('GET /v2/task-runs', () => {
  let sim: SimulatorTestClient;
  /** Ids in creation order (oldest first). */
  const created: string[] = [];
  let middleTime = '';

  beforeAll(async () => {
    sim = await startTestSimulator();
    for (let i = 0; i < 25; i += 1) {
      const run = await sim.createRun(i % 5 === 0 ? 'fail_auth_invalid' : 'success', {
        taskId: i % 2 === 0 ? 'task_even' : 'task_odd',
        agentId: i < 10 ? 'agt_first' : 'agt_second',
        sourceId: i % 3 === 0 ? 'src_three' : 'src_other',
        credentialId: i === 7 ? 'cred_seven' : undefined,
        workflowId: i === 8 ? 'wflo_eight' : undefined,
      });
      created.push(run.id);
      if (i === 12) middleTime = new Date(Date.parse(String(run.created_at)) + 500).toISOString();
      await sim.advance(1_000);
    }
    // Finishes every run: successes complete, fail_auth_invalid runs fail.
    await sim.advance(5 * 60_000);
    await sim.createRun('long_running', { taskId: 'task_live' });
    await sim.advance(5_000);
  });
  afterAll(async () => {
    await sim.close();
  });

  async function list(query: string) {
    return sim.apiJson(`/task-runs${query}`, runListSchema);
  }

  it('lists newest first with the default limit of 20 and a request id', async () => {
    const { status, body } = await list('');
    expect(status).toBe(200);
    expect(body.data).toHaveLength(20);
    expect(body.has_more).toBe(true);
    expect(body.request_id).toMatch(REQUEST_ID);
    expect(body.data[0]?.task_id).toBe('task_live');
    expect(body.data[1]?.id).toBe(created[24]);
    const times = body.data.map((run) => Date.parse(run.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('walks every run exactly once with next_cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null | undefined = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=7&cursor=${encodeURIComponent(cursor)}` : '?limit=7';
      const { body } = await list(query);
      seen.push(...body.data.map((run) => run.id));
      cursor = body.next_cursor;
      expect(body.has_more).toBe(cursor !== null);
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect(seen.slice(1)).toEqual([...created].reverse());
  });

  it('leaves optional sections out of list items', async () => {
    const { raw } = await list('?limit=100');
    for (const item of (raw as { data: Record<string, unknown>[] }).data) {
      for (const key of ['input', 'vaulted_fields', 'storage', 'artifacts']) expect(item).not.toHaveProperty(key);
      expect(item.request_id).toMatch(REQUEST_ID);
    }
  });

  it('supports starting_after and ending_before with item ids', async () => {
    const newestFirst = [...created].reverse();
    const after = await list(`?starting_after=${newestFirst[4]}&limit=3`);
    expect(after.body.data.map((run) => run.id)).toEqual(newestFirst.slice(5, 8));
    expect(after.body.has_more).toBe(true);

    const before = await list(`?ending_before=${newestFirst[4]}&limit=2`);
    expect(before.body.data.map((run) => run.id)).toEqual(newestFirst.slice(2, 4));
    expect(before.body.has_more).toBe(true);
    expect(before.body.next_cursor).toBeNull();
  });

  it.each(['0', '101', 'abc', '-1', '2.5'])('rejects limit=%s with 400', async (limit) => {
    const response = await sim.api(`/task-runs?limit=${limit}`);
    expect(response.status).toBe(400);
    expect(expectEnvelope(await response.json()).errors[0]).toMatchObject({ type: 'request', field: 'limit' });
  });

  it.each(['not-base64!', Buffer.from('trun_unknown').toString('base64url'), Buffer.from('<script>').toString('base64')])(
    'rejects cursor %s with 400 cursor_invalid',
    async (cursor) => {
      const response = await sim.api(`/task-runs?cursor=${encodeURIComponent(cursor)}`);
      expect(response.status).toBe(400);
      expect(expectEnvelope(await response.json()).errors[0]).toMatchObject({ type: 'request', code: 'cursor_invalid' });
    },
  );

  it('rejects an unknown starting_after id with cursor_invalid', async () => {
    const response = await sim.api('/task-runs?starting_after=trun_missing');
    expect(response.status).toBe(400);
    expect(expectEnvelope(await response.json()).errors[0]?.code).toBe('cursor_invalid');
  });

  it('filters by status as comma list and as repeated params, and accepts the cancelling spelling', async () => {
    const comma = await list('?status=failed,running&limit=100');
    const repeated = await list('?status=failed&status=running&limit=100');
    expect(comma.body.data.map((run) => run.id)).toEqual(repeated.body.data.map((run) => run.id));
    expect(comma.body.data).toHaveLength(6);
    expect(new Set(comma.body.data.map((run) => run.status))).toEqual(new Set(['failed', 'running']));

    const cancelling = await list('?status=cancelling');
    expect(cancelling.status).toBe(200);
    expect(cancelling.body.data).toHaveLength(0);

    const bad = await sim.api('/task-runs?status=exploded');
    expect(bad.status).toBe(400);
    expect(expectEnvelope(await bad.json()).errors[0]?.field).toBe('status');
  });

  it('filters by outcome and by its older name result', async () => {
    const failures = await list('?outcome=failure&limit=100');
    expect(failures.body.data).toHaveLength(5);
    expect(failures.body.data.every((run) => run.result === 'failure')).toBe(true);
    const viaResult = await list('?result=success&limit=100');
    expect(viaResult.body.data).toHaveLength(20);
    const bad = await sim.api('/task-runs?outcome=maybe');
    expect(bad.status).toBe(400);
  });

  it.each([
    ['task_id=task_even', 13],
    ['task_id=task_even,task_live', 14],
    ['agent_id=agt_first', 10],
    ['source_id=src_three', 9],
    ['credential_id=cred_seven', 1],
    ['workflow_id=wflo_eight', 1],
    ['task_id=task_even&agent_id=agt_first', 5],
  ])('filters by %s (filters are ANDed)', async (query, expected) => {
    const { body } = await list(`?${query}&limit=100`);
    expect(body.data).toHaveLength(expected);
  });

  it('filters by created_after and created_before and rejects bad timestamps', async () => {
    const after = await list(`?created_after=${encodeURIComponent(middleTime)}&limit=100`);
    const before = await list(`?created_before=${encodeURIComponent(middleTime)}&limit=100`);
    expect(before.body.data).toHaveLength(13);
    expect(after.body.data).toHaveLength(13);
    expect(before.body.data.map((run) => run.id)).toEqual(created.slice(0, 13).reverse());

    const bad = await sim.api('/task-runs?created_after=yesterday');
    expect(bad.status).toBe(400);
    expect(expectEnvelope(await bad.json()).errors[0]?.field).toBe('created_after');
  });

  it('keeps cursors valid across filters applied before the limit', async () => {
    const first = await list('?task_id=task_odd&limit=5');
    expect(first.body.data.every((run) => run.task_id === 'task_odd')).toBe(true);
    const second = await list(`?task_id=task_odd&limit=5&cursor=${first.body.next_cursor}`);
    expect(second.body.data.map((run) => run.task_id)).toEqual(['task_odd', 'task_odd', 'task_odd', 'task_odd', 'task_odd']);
    expect(second.body.data.some((run) => first.body.data.some((seen) => seen.id === run.id))).toBe(false);
  });
});
