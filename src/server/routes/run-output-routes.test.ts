import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runResponseSchema } from '@/contract/bff';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { CANARY_KEY } from '../testing/canary';
import { rawGet } from '../testing/raw-get';
import { startHarness, type Harness } from '../testing/runwatch-harness';
import { expectApiError } from '../testing/api-envelope';
import { OUTPUT_INLINE_MAX_BYTES } from '../runs/run-output-bytes';

/**
 * A large output leaves the run response and is served by `GET /api/runs/:id/output` from the same
 * cached copy: the simulator's 5 MB output scenario over real HTTP, its upstream reads counted.
 */

let sim: StartedSimulator;
let h: Harness;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 });
  h = await startHarness({ simulator: sim });
});

afterAll(async () => {
  await h?.close();
  await sim?.close();
});

const PAGE = 'include=input,storage,artifacts';

async function runReads(runId: string) {
  return (await h.upstreamRequests()).filter((r) => r.path === `/v2/task-runs/${runId}` && r.method === 'GET');
}

describe('large run output', () => {
  it('leaves a 5 MB output out of the run response, marked with its size, and serves it from the same copy', async () => {
    const run = await h.createRun('large_output');
    await h.advance(3 * 60 * 60_000);
    await h.resetUpstreamRequests();

    const page = await h.request(`/api/runs/${run.id}?${PAGE}`, { role: 'viewer' });
    expect(page.status).toBe(200);
    const { run: view } = runResponseSchema.parse(page.json());
    expect(view.status).toBe('completed');
    expect(view.output).toBeNull();
    expect(view.outputOmitted?.reason).toBe('too_large');
    expect(view.outputOmitted!.bytes).toBeGreaterThan(4_000_000);
    expect(page.text.length).toBeLessThan(OUTPUT_INLINE_MAX_BYTES);

    const output = await h.request(`/api/runs/${run.id}/output`, { role: 'viewer' });
    expect(output.status).toBe(200);
    expect(output.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Buffer.byteLength(output.text)).toBe(view.outputOmitted!.bytes);
    const parsed = output.json<{ transactions: { id: string }[] }>();
    expect(parsed.transactions.length).toBeGreaterThan(30_000);
    // A second viewer, compressed this time: still the one upstream read the page made.
    const second = await rawGet(h.url, `/api/runs/${run.id}/output`, { 'accept-encoding': 'gzip', 'x-test-role': 'operator' });
    expect(second.status).toBe(200);
    expect(second.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(second.body).toString()).toBe(output.text);
    expect(await runReads(run.id)).toHaveLength(1);

    // The tag answers an unchanged output with a 304 and no body.
    const etag = output.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const again = await rawGet(h.url, `/api/runs/${run.id}/output`, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('reads the run once when the output is asked for before the page (no copy yet)', async () => {
    const run = await h.createRun('large_output');
    await h.advance(3 * 60 * 60_000);
    await h.resetUpstreamRequests();
    const output = await h.request(`/api/runs/${run.id}/output`, { role: 'viewer' });
    expect(output.status).toBe(200);
    const page = await h.request(`/api/runs/${run.id}?${PAGE}`, { role: 'viewer' });
    expect(runResponseSchema.parse(page.json()).run.outputOmitted).toBeDefined();
    expect(await runReads(run.id)).toHaveLength(1);
  });

  it('keeps a small output inline, with nothing marked', async () => {
    const run = await h.createRun('success');
    await h.advance(3 * 60 * 60_000);
    const page = await h.request(`/api/runs/${run.id}?${PAGE}`, { role: 'viewer' });
    const { run: view } = runResponseSchema.parse(page.json());
    expect(view.output).not.toBeNull();
    expect(view.outputOmitted).toBeUndefined();
    // The output route serves the same value.
    const output = await h.request(`/api/runs/${run.id}/output`, { role: 'viewer' });
    expect(output.status).toBe(200);
    expect(output.json()).toEqual(view.output);
  });

  it('answers 404 for a run without output yet, and for an unknown run', async () => {
    const live = await h.createRun('success');
    const none = await h.request(`/api/runs/${live.id}/output`, { role: 'viewer' });
    await expectApiError(none, { status: 404, code: 'not_found' });
    const unknown = await h.request('/api/runs/trun_doesnotexist000000/output', { role: 'viewer' });
    expect(unknown.status).toBe(404);
  });

  it('refuses a caller who is not signed in, and a malformed id, without reading the upstream', async () => {
    const run = await h.createRun('large_output');
    await h.advance(3 * 60 * 60_000);
    await h.resetUpstreamRequests();
    const anonymous = await h.request(`/api/runs/${run.id}/output`, { role: 'none' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).not.toContain('transactions');
    const malformed = await h.request('/api/runs/not-a-run/output', { role: 'viewer' });
    expect(malformed.status).toBe(400);
    expect(await runReads(run.id)).toHaveLength(0);
  });
});
