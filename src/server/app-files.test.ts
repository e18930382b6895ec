import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runResponseSchema, type RunView } from '../contract/bff';
import { startHarness, type Harness } from './testing/runwatch-harness';
import { expectApiError } from './testing/api-envelope';

/** Screenshots and captured files streamed through Runwatch from the simulator's signed links. */

let h: Harness;
let run: RunView;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

beforeAll(async () => {
  h = await startHarness();
  const created = await h.createRun('success');
  await h.advance(10 * 60_000);
  const response = await h.request(`/api/runs/${created.id}?include=artifacts,storage`);
  run = runResponseSchema.parse(response.json()).run;
  expect(run.status).toBe('completed');
});

afterAll(async () => {
  await h?.close();
});

async function download(pathname: string) {
  const response = await fetch(h.url + pathname, { headers: { 'x-test-role': 'viewer' } });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe('links in run data', () => {
  it('points only at Runwatch routes, never at the signed upstream links', async () => {
    const text = (await h.request(`/api/runs/${run.id}?include=artifacts,storage`)).text;
    expect(text).not.toContain(h.sim.origin);
    expect(text).not.toContain('signature=');
    expect(run.screenshots?.length).toBeGreaterThan(1);
    expect(run.files?.length).toBeGreaterThan(0);
    expect(run.screenshots?.every((s, i) => s.imageUrl === `/api/runs/${run.id}/screenshots/${i}`)).toBe(true);
  });
});

describe('screenshot proxy', () => {
  it('streams the real image with an image type and a private cache', async () => {
    const { response, bytes } = await download(run.screenshots![0]!.imageUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('private, max-age=300');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    expect([...bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(bytes.length).toBeGreaterThan(100);
  });

  it('answers 404 for a screenshot the run does not have', async () => {
    const response = await h.request(`/api/runs/${run.id}/screenshots/9999`);
    await expectApiError(response, { status: 404, code: 'screenshot_not_found' });
  });
});

describe('file proxy', () => {
  it('streams the file as an attachment with a sanitised name', async () => {
    const file = run.files![0]!;
    const { response, bytes } = await download(file.downloadUrl!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(file.fileType);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('private, max-age=300');
    expect(bytes.length).toBe(file.fileSize);
  });

  it('answers 404 for a file the run does not have', async () => {
    const response = await h.request(`/api/runs/${run.id}/files/stor_notInThisRun1`);
    await expectApiError(response, { status: 404, code: 'file_not_found' });
  });
});

describe('expired links', () => {
  it('reads the run again once for a new link when the file host says the old one expired', async () => {
    // Warm the cache, then let the simulator's 15-minute signatures run out.
    expect((await download(run.screenshots![1]!.imageUrl)).response.status).toBe(200);
    await h.advance(20 * 60_000);
    await h.resetUpstreamRequests();

    const { response, bytes } = await download(run.screenshots![1]!.imageUrl);
    expect(response.status).toBe(200);
    expect([...bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    const rereads = (await h.upstreamRequests()).filter((r) => r.path === `/v2/task-runs/${run.id}`);
    expect(rereads).toHaveLength(1);
    expect(rereads[0]?.query).toBe('include=artifacts');
    expect(h.logs.filter((line) => line.includes('file link expired'))).toHaveLength(1);

    await h.advance(20 * 60_000);
    const file = await download(run.files![0]!.downloadUrl!);
    expect(file.response.status).toBe(200);
    expect(file.bytes.length).toBe(run.files![0]!.fileSize);
  });
});

describe('secrets', () => {
  it('never let the API key into a response or a log line', () => {
    expect(h.leaks()).toEqual([]);
  });
});
