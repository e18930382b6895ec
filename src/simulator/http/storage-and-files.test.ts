import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope, screenshotListSchema, storageItemResponseSchema, storageListSchema } from '../testing/contract-schemas';
import { decodedPixelBytes, readPngChunks } from '../testing/png-inspector';
import { readRun } from '../testing/run-reader';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

describe('storage, screenshots and signed file URLs', () => {
  let sim: SimulatorTestClient;
  let runId = '';
  beforeAll(async () => {
    sim = await startTestSimulator();
    runId = (await sim.createRun('success', { taskId: 'task_F3kd81Ws' })).id;
    await sim.advance(2 * 60_000);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('lists a run’s files and serves each one with its signed URL and content type', async () => {
    const { status, body } = await sim.apiJson(`/task-runs/${runId}/storage`, storageListSchema);
    expect(status).toBe(200);
    expect(body.data).toHaveLength(1);
    const item = body.data[0];
    expect(item).toMatchObject({ object: 'storage', task_run_id: runId, result: 'success', file_type: 'application/pdf' });

    const single = await sim.apiJson(`/storage/${item?.id}`, storageItemResponseSchema);
    expect(single.body.id).toBe(item?.id);
    expect((single.raw as { request_id: string }).request_id).toMatch(/^req_/);

    const file = await fetch(item?.url ?? '');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain('attachment;');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.length).toBe(item?.file_size);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('answers 404 storage_not_found and task_run_not_found', async () => {
    const missingItem = await sim.api('/storage/stor_missing');
    expect(missingItem.status).toBe(404);
    expect(expectEnvelope(await missingItem.json()).errors[0]?.code).toBe('storage_not_found');
    expect((await sim.api('/task-runs/trun_missing/storage')).status).toBe(404);
    expect((await sim.api('/task-runs/trun_missing/screenshots')).status).toBe(404);
  });

  it('serves screenshots as real 640x400 PNGs whose size matches file_size', async () => {
    const { run } = await readRun(sim, runId, 'artifacts');
    const shot = run.artifacts?.screenshots[2];
    const response = await fetch(shot?.url ?? '');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(shot?.file_size);

    const chunks = readPngChunks(bytes);
    expect(chunks[0]?.type).toBe('IHDR');
    const header = chunks[0]?.data ?? Buffer.alloc(13);
    expect([header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9]]).toEqual([640, 400, 8, 2]);
    expect(chunks.at(-1)?.type).toBe('IEND');
    expect(chunks.every((chunk) => chunk.crcValid)).toBe(true);
    expect(decodedPixelBytes(chunks)).toBe((640 * 3 + 1) * 400);
  });

  it('draws different images for different steps', async () => {
    const { run } = await readRun(sim, runId, 'artifacts');
    const urls = (run.artifacts?.screenshots ?? []).slice(0, 4).map((shot) => shot.url);
    const images = await Promise.all(urls.map(async (url) => Buffer.from(await (await fetch(url)).arrayBuffer())));
    const pixelHashes = new Set(
      images.map((image) =>
        Buffer.concat(
          readPngChunks(image)
            .filter((c) => c.type === 'IDAT')
            .map((c) => c.data),
        ).toString('base64'),
      ),
    );
    expect(pixelHashes.size).toBe(4);
  });

  it('refuses tampered, missing and expired signatures with 403', async () => {
    const { run } = await readRun(sim, runId, 'artifacts,storage');
    const shotUrl = new URL(run.artifacts?.screenshots[0]?.url ?? '');

    const tampered = new URL(shotUrl);
    tampered.searchParams.set('signature', `${shotUrl.searchParams.get('signature')?.slice(0, -2)}xx`);
    expect((await fetch(tampered)).status).toBe(403);

    const extended = new URL(shotUrl);
    extended.searchParams.set('expires', String(Number(shotUrl.searchParams.get('expires')) + 3_600_000));
    expect((await fetch(extended)).status).toBe(403);

    const otherShot = new URL(shotUrl);
    otherShot.pathname = otherShot.pathname.replace('/1.png', '/2.png');
    expect((await fetch(otherShot)).status).toBe(403);

    expect((await fetch(`${shotUrl.origin}${shotUrl.pathname}`)).status).toBe(403);

    const storageUrl = run.storage?.[0]?.url ?? '';
    expect((await fetch(shotUrl)).status).toBe(200);
    await sim.advance(16 * 60_000);
    const expired = await fetch(shotUrl);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/i);
    expect((await fetch(storageUrl)).status).toBe(403);

    const { run: refreshed } = await readRun(sim, runId, 'artifacts');
    expect((await fetch(refreshed.artifacts?.screenshots[0]?.url ?? '')).status).toBe(200);
  });

  it('pages screenshots oldest first with cursors', async () => {
    const { run } = await readRun(sim, runId, 'artifacts');
    const all = run.artifacts?.screenshots.map((shot) => shot.file_name) ?? [];
    const first = await sim.apiJson(`/task-runs/${runId}/screenshots?limit=4`, screenshotListSchema);
    expect(first.body.data.map((shot) => shot.file_name)).toEqual(all.slice(0, 4));
    expect(first.body.has_more).toBe(true);
    const second = await sim.apiJson(`/task-runs/${runId}/screenshots?limit=4&cursor=${first.body.next_cursor}`, screenshotListSchema);
    expect(second.body.data.map((shot) => shot.file_name)).toEqual(all.slice(4, 8));
    expect((await sim.api(`/task-runs/${runId}/screenshots?cursor=bogus`)).status).toBe(400);
  });
});

describe('signed URLs with a short lifetime', () => {
  let sim: SimulatorTestClient;
  beforeAll(async () => {
    sim = await startTestSimulator({ signedUrlTtlMs: 1_000 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('honours signedUrlTtlMs', async () => {
    const { id } = await sim.createRun('success');
    await sim.advance(10_000);
    const { run } = await readRun(sim, id, 'artifacts');
    const url = run.artifacts?.screenshots[0]?.url ?? '';
    expect((await fetch(url)).status).toBe(200);
    await sim.advance(1_001);
    expect((await fetch(url)).status).toBe(403);
  });
});
