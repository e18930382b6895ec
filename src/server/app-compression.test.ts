import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runResponseSchema, type RunView } from '../contract/bff';
import { CONTENT_SECURITY_POLICY } from './middleware/security-headers';
import { rawGet, type RawResponse } from './testing/raw-get';
import { startHarness, type Harness } from './testing/runwatch-harness';
import { expectApiError } from './testing/api-envelope';

/**
 * Compression on the wire: hashed build files precompressed (brotli or gzip), large /api JSON
 * gzipped on the fly, downloads streamed on as they are. Plain `node:http` so the test controls
 * Accept-Encoding exactly and sees the bytes as sent.
 */

let h: Harness;
let staticDir: string;
let bigRun: RunView;
let filesRun: RunView;

const BUNDLE = `export const rows = [${Array.from({ length: 2000 }, (_, i) => `{ id: ${i}, label: "row number ${i}" }`).join(',\n')}];\n`;
const TINY = 'export const x = 1;\n';
const IMAGE = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4096, 7)]);

function expectSecurityHeaders(response: RawResponse) {
  expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['x-request-id']).toMatch(/^rw_/);
}

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-compress-'));
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Runwatch</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'index-a1b2c3.js'), BUNDLE);
  fs.writeFileSync(path.join(staticDir, 'assets', 'tiny-d4e5f6.js'), TINY);
  fs.writeFileSync(path.join(staticDir, 'assets', 'logo-0a1b2c.png'), IMAGE);
  h = await startHarness({ staticDir });

  const big = await h.createRun('large_output');
  const withFiles = await h.createRun('success');
  await h.advance(2 * 60 * 60_000);
  const read = async (id: string) => runResponseSchema.parse((await h.request(`/api/runs/${id}?include=artifacts,storage`)).json()).run;
  bigRun = await read(big.id);
  filesRun = await read(withFiles.id);
  expect([bigRun.status, filesRun.status]).toEqual(['completed', 'completed']);
});

afterAll(async () => {
  await h?.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

describe('hashed build files', () => {
  it('sends brotli or gzip as the browser accepts, each decoding to the file, with Vary', async () => {
    const plain = await rawGet(h.url, '/assets/index-a1b2c3.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(BUNDLE);
    expect(plain.headers.vary).toBe('Accept-Encoding');

    const gzip = await rawGet(h.url, '/assets/index-a1b2c3.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(Number(gzip.headers['content-length'])).toBe(gzip.body.length);
    expect(gzip.body.length).toBeLessThan(BUNDLE.length / 4);
    expect(zlib.gunzipSync(gzip.body).toString()).toBe(BUNDLE);

    const br = await rawGet(h.url, '/assets/index-a1b2c3.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(BUNDLE);

    for (const response of [plain, gzip, br]) {
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(response.headers['cache-control']).toContain('immutable');
      expectSecurityHeaders(response);
    }
  });

  it('honours weights: a refused coding is never sent', async () => {
    expect((await rawGet(h.url, '/assets/index-a1b2c3.js', { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await rawGet(h.url, '/assets/index-a1b2c3.js', { 'accept-encoding': 'gzip;q=0.5, br;q=0.2' })).headers['content-encoding']).toBe('gzip');
    const refused = await rawGet(h.url, '/assets/index-a1b2c3.js', { 'accept-encoding': 'gzip;q=0, br;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString()).toBe(BUNDLE);
    expect((await rawGet(h.url, '/assets/index-a1b2c3.js', { 'accept-encoding': 'identity' })).headers['content-encoding']).toBeUndefined();
  });

  it('sends images and files too small to gain as they are', async () => {
    const image = await rawGet(h.url, '/assets/logo-0a1b2c.png', { 'accept-encoding': 'gzip, br' });
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.body.equals(IMAGE)).toBe(true);
    const tiny = await rawGet(h.url, '/assets/tiny-d4e5f6.js', { 'accept-encoding': 'gzip, br' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe(TINY);
  });

  it('answers HEAD with the same headers and no body', async () => {
    const head = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = http.request(`${h.url}/assets/index-a1b2c3.js`, { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response));
      });
      request.on('error', reject);
      request.end();
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-encoding']).toBe('gzip');
  });
});

describe('/api JSON', () => {
  it('gzips a large answer for a client that accepts it; the decoded body is the plain one', async () => {
    // A run's large output is served on its own route (the run answer leaves it out).
    const pathname = `/api/runs/${bigRun.id}/output`;
    const plain = await rawGet(h.url, pathname);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.length).toBeGreaterThan(1_000_000);

    const gzip = await rawGet(h.url, pathname, { 'accept-encoding': 'gzip, deflate, br' });
    expect(gzip.status).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toBe('Accept-Encoding');
    expect(gzip.headers['content-type']).toContain('application/json');
    // Kept by the browser and asked for again with its ETag, like files (never in a shared cache).
    expect(gzip.headers['cache-control']).toBe('private, no-cache');
    expectSecurityHeaders(gzip);
    expect(gzip.body.length).toBeLessThan(plain.body.length / 3);
    expect(JSON.parse(zlib.gunzipSync(gzip.body).toString())).toEqual(JSON.parse(plain.body.toString()));
  });

  it('gzips a list the same way', async () => {
    // List rows are small summaries, so a few more runs make the list worth compressing.
    for (let i = 0; i < 4; i += 1) await h.createRun('success');
    const plain = await rawGet(h.url, '/api/runs?limit=50');
    const gzip = await rawGet(h.url, '/api/runs?limit=50', { 'accept-encoding': 'gzip' });
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const runsOf = (text: string) => (JSON.parse(text) as { runs: unknown[] }).runs;
    expect(runsOf(zlib.gunzipSync(gzip.body).toString())).toEqual(runsOf(plain.body.toString()));
  });

  it('leaves small answers and error envelopes plain', async () => {
    const small = await rawGet(h.url, '/api/runs/not-an-id', { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.length).toBeLessThan(1024);
    const headers = { get: (name: string) => String(small.headers[name.toLowerCase()] ?? '') || null };
    await expectApiError({ status: small.status, headers, json: () => JSON.parse(small.body.toString()) }, { status: 400, code: 'invalid_id' });
    expectSecurityHeaders(small);
  });

  it('streams screenshots and files on untouched', async () => {
    const screenshot = await rawGet(h.url, filesRun.screenshots![0]!.imageUrl, { 'accept-encoding': 'gzip, br' });
    expect(screenshot.status).toBe(200);
    expect(screenshot.headers['content-encoding']).toBeUndefined();
    expect(screenshot.headers['content-type']).toBe('image/png');
    expect(Number(screenshot.headers['content-length'])).toBe(screenshot.body.length);
    expect([...screenshot.body.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

    const file = filesRun.files![0]!;
    const download = await rawGet(h.url, file.downloadUrl!, { 'accept-encoding': 'gzip, br' });
    expect(download.status).toBe(200);
    expect(download.headers['content-encoding']).toBeUndefined();
    expect(download.body.length).toBe(file.fileSize);
  });
});
