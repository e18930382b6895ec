import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runResponseSchema } from '../contract/bff';
import { startSimulator, type StartedSimulator } from '../simulator/start-simulator';
import { CANARY_KEY } from './testing/canary';
import { rawGet, type RawResponse } from './testing/raw-get';
import { startHarness, type Harness } from './testing/runwatch-harness';

/**
 * Many viewers of one run share its response bytes: serialised and compressed once per cached
 * copy, with only the freshness written per response. Plain `node:http` so the test sees the bytes
 * as sent and controls Accept-Encoding.
 */

let sim: StartedSimulator;
const harnesses: Harness[] = [];

beforeAll(async () => {
  sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 });
});

afterAll(async () => {
  for (const h of harnesses) await h.close();
  await sim?.close();
});

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness({ simulator: sim, ...options });
  harnesses.push(h);
  return h;
}

function decoded(response: RawResponse) {
  const coding = response.headers['content-encoding'];
  const text = coding === 'gzip' ? zlib.gunzipSync(response.body) : coding === 'br' ? zlib.brotliDecompressSync(response.body) : response.body;
  return runResponseSchema.parse(JSON.parse(text.toString()));
}

function commonPrefix(a: Buffer, b: Buffer): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

async function runCalls(h: Harness, runId: string) {
  return (await h.upstreamRequests()).filter((r) => r.path === `/v2/task-runs/${runId}` && r.method === 'GET');
}

describe('shared run response bytes', () => {
  it('hands two viewers the same bytes from one upstream read; only the freshness tail differs', async () => {
    const h = await harness();
    const run = await h.createRun('success');
    await h.advance(2 * 60 * 60_000);
    await h.resetUpstreamRequests();
    const pathname = `/api/runs/${run.id}?include=artifacts,storage`;
    const first = await rawGet(h.url, pathname, { 'accept-encoding': 'gzip', 'x-test-role': 'viewer' });
    await new Promise((r) => setTimeout(r, 150)); // a later viewer: a different age
    const second = await rawGet(h.url, pathname, { 'accept-encoding': 'gzip', 'x-test-role': 'operator' });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.headers['x-cache']).toBe('MISS');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(await runCalls(h, run.id)).toHaveLength(1);
    expect(first.body.length).toBeGreaterThan(1_000);
    // Everything but the freshness tail (under 200 bytes with its checksum) is byte for byte the same.
    expect(commonPrefix(first.body, second.body)).toBeGreaterThan(first.body.length - 200);
    // Nothing of either person is in the shared bytes.
    for (const body of [first, second]) expect(zlib.gunzipSync(body.body).toString()).not.toMatch(/u_viewer|u_operator|viewer-person|operator-person/);
    const [a, b] = [decoded(first), decoded(second)];
    expect(b.run).toEqual(a.run);
    expect(b.freshness.fetchedAt).toBe(a.freshness.fetchedAt);
    expect(b.freshness.ageSeconds).toBeGreaterThan(a.freshness.ageSeconds);
    expect(first.headers.etag).toMatch(/^W\/"/);
    expect(second.headers.etag).toBe(first.headers.etag);
  });

  it('answers each encoding the client asks for with the same run; an unchanged copy gets a 304', async () => {
    const h = await harness();
    const run = await h.createRun('success');
    await h.advance(2 * 60 * 60_000);
    const pathname = `/api/runs/${run.id}?include=artifacts,storage`;
    const plain = await rawGet(h.url, pathname);
    const gzip = await rawGet(h.url, pathname, { 'accept-encoding': 'gzip, br' });
    const br = await rawGet(h.url, pathname, { 'accept-encoding': 'gzip;q=0.5, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    for (const response of [plain, gzip, br]) {
      expect(response.headers.vary).toBe('Accept-Encoding');
      expect(response.headers['content-type']).toContain('application/json');
      expect(decoded(response).run).toEqual(decoded(plain).run);
    }
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 2);

    const again = await rawGet(h.url, pathname, { 'accept-encoding': 'gzip', 'if-none-match': gzip.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(gzip.headers.etag);
    expect(again.headers['x-cache']).toBe('HIT');
    const other = await rawGet(h.url, pathname, { 'if-none-match': 'W/"something-else"' });
    expect(other.status).toBe(200);
  });

  it('builds new bytes once an event says the run changed', async () => {
    const h = await harness({ env: { RUNWATCH_EVENTS: 'on' } });
    const run = await h.createRun('success');
    const pathname = `/api/runs/${run.id}`;
    const before = await rawGet(h.url, pathname, { 'accept-encoding': 'gzip' });
    expect(decoded(before).run.status).not.toBe('completed');
    const cached = await rawGet(h.url, pathname, { 'accept-encoding': 'gzip' });
    expect(cached.headers['x-cache']).toBe('HIT');

    await h.advance(2 * 60 * 60_000);
    // Later than anything the simulator's advanced clock has stamped, so the index takes it as news.
    const now = new Date(Date.now() + 5 * 60 * 60_000).toISOString();
    await h.intake!.ingest(
      h.intake!.normalize([{ id: `evt_${run.id}_done`, type: 'task_run.completed', created_at: now, data: { ...run, status: 'completed', updated_at: now } }]),
      'webhook',
    );
    const after = await rawGet(h.url, pathname, { 'accept-encoding': 'gzip' });
    expect(after.headers['x-cache']).toBe('MISS');
    expect(decoded(after).run.status).toBe('completed');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });
});
