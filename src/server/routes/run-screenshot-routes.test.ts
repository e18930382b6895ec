import { afterEach, describe, expect, it } from 'vitest';
import { runResponseSchema } from '@/contract/bff';
import { runScreenshotsResponseSchema } from '@/contract/run-screenshots';
import { startHarness, type Harness } from '../testing/runwatch-harness';
import { startScriptedHarness, type ScriptedHarness } from '../testing/scripted-upstream-harness';
import { expectApiError } from '../testing/api-envelope';

const open: Array<Harness | ScriptedHarness> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/** Runwatch on the simulator, with run copies kept as they are while an event feed is healthy. */
async function harness(): Promise<Harness> {
  const h = await startHarness({ cache: { activeTtlMs: 10 * 60_000 } });
  open.push(h);
  return h;
}

async function screenshots(h: Harness, runId: string, query = '') {
  const response = await h.request(`/api/runs/${runId}/screenshots${query}`, { role: 'viewer' });
  expect(response.status).toBe(200);
  return runScreenshotsResponseSchema.parse(JSON.parse(response.text));
}

const screenshotListReads = (requests: Array<{ path: string }>, runId: string) =>
  requests.filter((r) => r.path === `/v2/task-runs/${runId}/screenshots`).length;

describe('GET /api/runs/:runId/screenshots', () => {
  it('serves a working run’s screenshots from a position on, with one upstream read for many viewers at once', async () => {
    const h = await harness();
    const run = await h.createRun('long_running');
    await h.advance(3 * 60_000);
    await h.resetUpstreamRequests();

    const answers = await Promise.all(Array.from({ length: 10 }, () => screenshots(h, run.id)));
    expect(screenshotListReads(await h.upstreamRequests(), run.id)).toBe(1);
    const all = answers[0]!;
    expect(all.total).toBeGreaterThan(3);
    expect(all.screenshots.map((s) => s.index)).toEqual(Array.from({ length: all.total }, (_, i) => i));
    expect(all.screenshots[0]!.imageUrl).toBe(`/api/runs/${run.id}/screenshots/0`);
    for (const answer of answers) expect(answer.total).toBe(all.total);

    const tail = await screenshots(h, run.id, `?after=${all.total - 2}`);
    expect(tail.total).toBe(all.total);
    expect(tail.screenshots.map((s) => s.index)).toEqual([all.total - 2, all.total - 1]);
    expect((await screenshots(h, run.id, `?after=${all.total + 5}`)).screenshots).toEqual([]);
  });

  it('makes screenshots newer than the cached run copy show on the run page and serve as images', async () => {
    const h = await harness();
    const run = await h.createRun('long_running');
    await h.advance(2 * 60_000);
    const first = runResponseSchema.parse(JSON.parse((await h.request(`/api/runs/${run.id}?include=artifacts`, { role: 'viewer' })).text));
    const before = first.run.screenshots!.length;

    await h.advance(60_000);
    await h.resetUpstreamRequests();
    const progress = await screenshots(h, run.id, `?after=${before}`);
    expect(progress.total).toBeGreaterThan(before);
    expect(progress.screenshots[0]!.index).toBe(before);

    // The run copy is still within its window: no run read, yet it shows the new screenshots.
    const again = await h.request(`/api/runs/${run.id}?include=artifacts`, { role: 'viewer' });
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(runResponseSchema.parse(JSON.parse(again.text)).run.screenshots).toHaveLength(progress.total);
    const image = await h.request(`/api/runs/${run.id}/screenshots/${progress.total - 1}`, { role: 'viewer' });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const runReads = (await h.upstreamRequests()).filter((r) => r.path === `/v2/task-runs/${run.id}`);
    expect(runReads).toEqual([]);
  });

  it('refuses an `after` that is not a position, and answers 404 for a run that does not exist', async () => {
    const h = await harness();
    const run = await h.createRun('long_running');
    for (const query of ['?after=-1', '?after=abc', '?after=1.5', '?after=99999999', '?after=1&after=2']) {
      const response = await h.request(`/api/runs/${run.id}/screenshots${query}`, { role: 'viewer' });
      await expectApiError(response, { status: 400, code: 'invalid_request', what: query });
    }
    const missing = await h.request('/api/runs/trun_doesNotExist1/screenshots', { role: 'viewer' });
    expect(missing.status).toBe(404);
  });
});

describe('GET /api/runs/:runId/screenshots on an upstream without the screenshot list', () => {
  const shot = (n: number) => ({
    file_name: `shot_${n}.png`,
    file_type: 'image/png',
    file_size: 1_000,
    created_at: `2026-03-02T09:40:0${n}Z`,
    url: `https://files.example.com/${n}.png`,
    reasoning: `step ${n}`,
  });
  const runBody = (id: string, shots: number) => ({
    id,
    object: 'task_run',
    status: 'running',
    created_at: '2026-03-02T09:39:58Z',
    updated_at: '2026-03-02T09:40:09Z',
    artifacts: { screenshots: Array.from({ length: shots }, (_, n) => shot(n)) },
  });

  it('reads them through the run instead, and keeps doing so without asking the list again', async () => {
    const h = await startScriptedHarness();
    open.push(h);
    h.upstream.setRun('trun_scriptedA1', runBody('trun_scriptedA1', 3));
    h.upstream.setRun('trun_scriptedB2', runBody('trun_scriptedB2', 2));

    const a = await h.get('/api/runs/trun_scriptedA1/screenshots?after=1');
    expect(a.status).toBe(200);
    const body = runScreenshotsResponseSchema.parse(a.json());
    expect(body.total).toBe(3);
    expect(body.screenshots.map((s) => [s.index, s.reasoning])).toEqual([
      [1, 'step 1'],
      [2, 'step 2'],
    ]);
    const b = runScreenshotsResponseSchema.parse((await h.get('/api/runs/trun_scriptedB2/screenshots')).json());
    expect(b.total).toBe(2);

    const listAsks = h.upstream.requests.filter((r) => r.path.endsWith('/screenshots'));
    expect(listAsks.map((r) => r.path)).toEqual(['/v2/task-runs/trun_scriptedA1/screenshots']);
    expect(h.upstream.requests.filter((r) => r.path === '/v2/task-runs/trun_scriptedB2')[0]?.query.get('include')).toBe('artifacts');
    // A run that does not exist is still "not found", not an empty gallery.
    expect((await h.get('/api/runs/trun_scriptedC3/screenshots')).status).toBe(404);
  });
});
