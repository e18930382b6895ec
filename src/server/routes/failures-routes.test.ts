import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isUnreadableRunRow, runListResponseSchema, type RunRow } from '@/contract/bff';
import { failuresResponseSchema, type FailuresResponse } from '@/contract/failures';
import type { UpstreamTaskRun } from '@/contract/upstream';
import { startHarness, type Harness } from '../testing/runwatch-harness';
import { expectApiError } from '../testing/api-envelope';

/**
 * Failures across runs over HTTP: a real simulator where one website goes down for a while, the
 * real catch-up reader filling a real SQLite run index, the back-fill reading each failed run once
 * for its errors, and Runwatch on loopback answering from the index alone.
 */

let h: Harness;
const outage: UpstreamTaskRun[] = [];
let authFailure: UpstreamTaskRun;
let success: UpstreamTaskRun;

async function report(query = 'window=24h'): Promise<FailuresResponse> {
  const response = await h.request(`/api/failures?${query}`, { role: 'viewer' });
  expect(response.status).toBe(200);
  return failuresResponseSchema.parse(response.json());
}

async function listIds(query: string): Promise<string[]> {
  const response = await h.request(`/api/runs?${query}`, { role: 'viewer' });
  expect(response.status, response.text).toBe(200);
  const page = runListResponseSchema.parse(response.json());
  return page.runs.filter((row): row is RunRow => !isUnreadableRunRow(row)).map((row) => row.id);
}

const runReads = async (runId: string) => (await h.upstreamRequests()).filter((r) => r.method === 'GET' && r.path.endsWith(`/task-runs/${runId}`)).length;

beforeAll(async () => {
  h = await startHarness({ env: { RUNWATCH_EVENTS: 'on', RUNWATCH_EVENTS_INTERVAL_MS: '200' } });
  for (let i = 0; i < 3; i++) {
    outage.push(await h.createRun('fail_source_not_available', { sourceId: 'src_bankx', taskId: 'task_statements' }));
  }
  authFailure = await h.createRun('fail_auth_invalid', { sourceId: 'src_shop', taskId: 'task_orders' });
  success = await h.createRun('success', { sourceId: 'src_bankx', taskId: 'task_statements' });
  await h.advance(5 * 60_000);
  // The events say the runs failed; the back-fill then reads each once for its errors.
  await vi.waitFor(
    async () => {
      const current = await report();
      expect(current.total).toBe(4);
      expect(current.errorsPending).toBe(0);
    },
    { timeout: 20_000, interval: 200 },
  );
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('GET /api/failures', () => {
  it("groups the failed runs of the window by error, website and task, with each group's share", async () => {
    const body = await report();
    expect(body.window.preset).toBe('24h');
    expect(body.series.reduce((sum, n) => sum + n, 0)).toBe(4);
    expect(body.shares).toEqual([
      { group: 'platform', runs: 0 },
      { group: 'request', runs: 1 },
      { group: 'source', runs: 3 },
      { group: 'unknown', runs: 0 },
    ]);
    expect(body.byError.map(({ group, type, code, runs, sources, tasks }) => ({ group, type, code, runs, sources, tasks }))).toEqual([
      { group: 'source', type: 'source', code: 'source_not_available', runs: 3, sources: 1, tasks: 1 },
      { group: 'request', type: 'auth', code: 'auth_invalid', runs: 1, sources: 1, tasks: 1 },
    ]);
    const [sourceDown] = body.byError;
    expect(sourceDown!.series.reduce((sum, n) => sum + n, 0)).toBe(3);
    expect(Date.parse(sourceDown!.firstSeen)).toBeLessThanOrEqual(Date.parse(sourceDown!.lastSeen));
    expect(body.bySource.map(({ sourceId, runs, topError }) => ({ sourceId, runs, topError }))).toEqual([
      { sourceId: 'src_bankx', runs: 3, topError: { group: 'source', code: 'source_not_available', runs: 3 } },
      { sourceId: 'src_shop', runs: 1, topError: { group: 'request', code: 'auth_invalid', runs: 1 } },
    ]);
    expect(body.byTask.map(({ taskId, runs }) => ({ taskId, runs }))).toEqual([
      { taskId: 'task_statements', runs: 3 },
      { taskId: 'task_orders', runs: 1 },
    ]);
    expect(body.truncated).toBe(false);
  });

  it('counts only runs created in a from/to window', async () => {
    const before = new Date(Date.parse(outage[0]!.created_at) - 60_000).toISOString();
    const empty = await report(`from=${encodeURIComponent(new Date(Date.parse(before) - 3_600_000).toISOString())}&to=${encodeURIComponent(before)}`);
    expect(empty).toMatchObject({ total: 0, byError: [], bySource: [], byTask: [] });
    const all = await report(`from=${encodeURIComponent(before)}`);
    expect(all.total).toBe(4);
    expect(all.window.preset).toBeNull();
  });

  it('reads each failed run from the upstream once for its errors, and costs no upstream call per viewer', async () => {
    for (const run of [...outage, authFailure]) expect(await runReads(run.id)).toBe(1);
    // A run that did not fail is never read for errors.
    expect(await runReads(success.id)).toBe(0);
    await h.resetUpstreamRequests();
    await Promise.all(Array.from({ length: 20 }, () => report()));
    const requests = (await h.upstreamRequests()).filter((r) => !r.path.endsWith('/events'));
    expect(requests).toEqual([]);
  });

  it('refuses a window it cannot read, naming the parameter', async () => {
    for (const [query, parameter] of [
      ['window=2d', 'window'],
      ['window=1h&window=24h', undefined],
      ['window=1h&from=2026-11-01T00:00:00Z', 'window'],
      ['from=yesterday', 'from'],
      ['to=2026-11-01T00:00:00Z', 'from'],
      ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'from'],
      ['from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z', 'from'],
      ['bucket=1h', undefined],
    ] as const) {
      const response = await h.request(`/api/failures?${query}`, { role: 'viewer' });
      const error = await expectApiError(response, { status: 400, code: 'invalid_request', what: query });
      if (parameter) expect(JSON.stringify(error.details), query).toContain(parameter);
    }
  });

  it('needs a signed-in person', async () => {
    expect((await h.request('/api/failures', { role: 'none' })).status).toBe(401);
  });
});

describe('GET /api/runs filtered by error', () => {
  it('opens exactly the runs of a failures group: by code, by group, by source, and combined', async () => {
    const outageIds = outage.map((run) => run.id).sort();
    expect((await listIds('status=failed&error_code=source_not_available')).sort()).toEqual(outageIds);
    expect((await listIds('status=failed&error_group=source&error_code=source_not_available&source_id=src_bankx')).sort()).toEqual(outageIds);
    expect(await listIds('error_group=request')).toEqual([authFailure.id]);
    expect((await listIds('error_group=request&error_group=source')).sort()).toEqual([...outageIds, authFailure.id].sort());
    expect((await listIds('error_code=source_not_available,auth_invalid')).sort()).toEqual([...outageIds, authFailure.id].sort());
    expect(await listIds('error_group=platform')).toEqual([]);
    expect(await listIds('error_code=source_not_available&source_id=src_shop')).toEqual([]);
  });

  it('refuses an error filter it cannot match, with the parameter named', async () => {
    for (const [query, parameter] of [
      ['error_group=website', 'error_group'],
      ['error_code=%3Cscript%3E', 'error_code'],
      [`error_code=${'x'.repeat(300)}`, 'error_code'],
    ] as const) {
      const response = await h.request(`/api/runs?${query}`, { role: 'viewer' });
      const error = await expectApiError(response, { status: 400, code: 'invalid_request', what: query });
      expect(JSON.stringify(error.details), query).toContain(parameter);
    }
  });
});
