import { afterEach, describe, expect, it } from 'vitest';
import type { AttentionResponse } from '@/contract/attention';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@/contract/bff';
import { normalizeEvent } from '../events/normalize-event';
import type { IngestedEvent } from '../store/event-store';
import { startHarness, type Harness } from '../testing/runwatch-harness';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

function event(id: string, runId: string, status: string, updatedAt: string, extra: Record<string, unknown> = {}): IngestedEvent {
  const result = normalizeEvent({
    id,
    type: `task_run.${status}`,
    created_at: updatedAt,
    data: { id: runId, status, task_id: 'task_pay', source_id: 'src_shop', created_at: '2026-01-01T00:00:00Z', updated_at: updatedAt, ...extra },
  });
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

describe('GET /api/attention', () => {
  it('lists runs waiting for a human, longest waiting first, from the run index without any upstream request', async () => {
    harness = await startHarness();
    const recent = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    await harness.events.ingest(
      [
        event('evt_1', 'trun_wait1', 'interaction_required', recent(2)),
        event('evt_2', 'trun_wait2', 'interaction_required', recent(9), { input: { secret: 'input-never-listed' } }),
        event('evt_3', 'trun_busy1', 'running', recent(1)),
      ],
      'catch_up',
    );
    await harness.resetUpstreamRequests();

    const response = await harness.request('/api/attention', { role: 'viewer' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = response.json<AttentionResponse>();
    expect(body.needsHumanCount).toBe(2);
    expect(body.needsHuman.map((run) => run.runId)).toEqual(['trun_wait2', 'trun_wait1']);
    expect(body.needsHuman[0]).toMatchObject({ status: 'interaction_required', taskId: 'task_pay', sourceId: 'src_shop' });
    expect(response.text).not.toContain('input-never-listed');
    expect(await harness.upstreamRequests()).toEqual([]);
  });

  it("lists the caller's pinned runs that are active or just finished, not other people's", async () => {
    harness = await startHarness();
    const recent = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    await harness.events.ingest(
      [
        event('evt_4', 'trun_pin1', 'running', recent(1)),
        event('evt_5', 'trun_pin2', 'failed', recent(2)),
        event('evt_6', 'trun_pin3', 'completed', recent(24 * 60)),
      ],
      'catch_up',
    );
    for (const runId of ['trun_pin1', 'trun_pin2', 'trun_pin3']) {
      const pinned = await harness.request(`/api/watchlist/${runId}`, {
        method: 'PUT',
        role: 'operator',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: harness.url },
        body: '{}',
      });
      expect(pinned.status).toBe(200);
    }
    const mine = (await harness.request('/api/attention', { role: 'operator' })).json<AttentionResponse>();
    expect(mine.watched.map((run) => run.runId).sort()).toEqual(['trun_pin1', 'trun_pin2']);
    const theirs = (await harness.request('/api/attention', { role: 'viewer' })).json<AttentionResponse>();
    expect(theirs.watched).toEqual([]);
  });

  it('needs a signed-in person and refuses unknown parameters', async () => {
    harness = await startHarness();
    expect((await harness.request('/api/attention', { role: 'none' })).status).toBe(401);
    expect((await harness.request('/api/attention?all=1', { role: 'viewer' })).status).toBe(400);
  });
});
