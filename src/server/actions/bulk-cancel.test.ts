import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkCancelResponseSchema } from '@/contract/bulk';
import { CANARY_KEY, startHarness, type Harness } from '../testing/runwatch-harness';
import { expectApiError } from '../testing/api-envelope';

/** `POST /api/runs/bulk-cancel` over real HTTP against the simulator. */

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function upstreamStatus(runId: string): Promise<string> {
  const response = await fetch(`${h.sim.baseUrl}/task-runs/${runId}`, { headers: { authorization: `Bearer ${CANARY_KEY}` } });
  return ((await response.json()) as { status: string }).status;
}

describe('bulk cancel', () => {
  it('cancels each named run once, audits each, and reports per run', async () => {
    const first = await h.createRun('long_running');
    const second = await h.createRun('long_running');
    const done = await h.createRun('success');
    await h.advance(600_000);
    const bystander = await h.createRun('long_running');
    // The finished run is read once, so the index knows it is finished.
    await h.request(`/api/runs/${done.id}`);
    await h.resetUpstreamRequests();

    const response = await h.post('/api/runs/bulk-cancel', { runIds: [first.id, second.id, first.id, done.id] });
    expect(response.status).toBe(200);
    const { results } = bulkCancelResponseSchema.parse(response.json());
    expect(results.map((r) => [r.runId, r.outcome])).toEqual([
      [first.id, 'requested'],
      [second.id, 'requested'],
      [done.id, 'skipped'],
    ]);
    expect(results[2]).toMatchObject({ code: 'not_cancelable', status: 'completed' });

    const cancels = (await h.upstreamRequests()).filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
    expect(cancels.map((r) => r.path).sort()).toEqual([`/v2/task-runs/${first.id}/cancel`, `/v2/task-runs/${second.id}/cancel`].sort());
    for (const run of [first, second]) {
      expect(h.audits.filter((a) => a.runId === run.id)).toEqual([
        expect.objectContaining({ action: 'run.canceled', outcome: 'requested', actor: 'operator-person' }),
      ]);
    }
    expect(h.audits.filter((a) => a.runId === done.id || a.runId === bystander.id)).toEqual([]);
    expect(await upstreamStatus(first.id)).toMatch(/^cancel/);
    expect(await upstreamStatus(second.id)).toMatch(/^cancel/);
    expect(await upstreamStatus(done.id)).toBe('completed');
    expect(await upstreamStatus(bystander.id)).not.toMatch(/cancel/);
  });

  it('reports a cancel the upstream refuses as failed for that run only', async () => {
    const finished = await h.createRun('success');
    const live = await h.createRun('long_running');
    await h.advance(600_000);
    const other = await h.createRun('long_running');
    const { results } = bulkCancelResponseSchema.parse((await h.post('/api/runs/bulk-cancel', { runIds: [finished.id, other.id] })).json());
    // The index has never seen `finished`, so the upstream is asked and refuses.
    expect(results).toEqual([
      expect.objectContaining({ runId: finished.id, outcome: 'failed', code: 'not_cancelable' }),
      expect.objectContaining({ runId: other.id, outcome: 'requested' }),
    ]);
    expect(h.audits.filter((a) => a.runId === finished.id).map((a) => a.outcome)).toEqual(['rejected']);
    expect(h.audits.filter((a) => a.runId === live.id)).toEqual([]);
  });

  it('refuses viewers, bad ids, empty and oversized selections before sending anything', async () => {
    const run = await h.createRun('long_running');
    await h.resetUpstreamRequests();
    const viewer = await h.post('/api/runs/bulk-cancel', { runIds: [run.id] }, { role: 'viewer' });
    expect(viewer.status).toBe(403);
    const bad = await h.post('/api/runs/bulk-cancel', { runIds: [run.id, 'nope'] });
    expect((await expectApiError(bad, { status: 400, code: 'invalid_id' })).details).toMatchObject({ indexes: [1] });
    expect((await h.post('/api/runs/bulk-cancel', { runIds: [] })).status).toBe(400);
    const tooMany = Array.from({ length: 51 }, (_, i) => `trun_${String(i).padStart(8, 'a')}`);
    expect((await h.post('/api/runs/bulk-cancel', { runIds: tooMany })).status).toBe(400);
    expect((await h.upstreamRequests()).filter((r) => r.method === 'POST')).toEqual([]);
    expect(h.audits.filter((a) => a.runId === run.id)).toEqual([]);
  });
});
