import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from './upstream-error';
import { createUpstreamTransport, type TransportRequest, type UpstreamTransport } from './upstream-transport';

/**
 * The keep-alive transport against a real HTTP server on loopback: connection reuse, the headers
 * that leave, redirects left alone, size limits (declared and streamed), compressed bodies, and
 * timeouts.
 */

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let handler: Handler = (_req, res) => res.end('{}');
let connections = 0;
const server = http.createServer((req, res) => handler(req, res));
server.on('connection', () => connections++);
let transport: UpstreamTransport;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  transport = createUpstreamTransport({ origin: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`) });
});

afterAll(async () => {
  transport.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

beforeEach(() => {
  connections = 0;
});

const get = (overrides: Partial<TransportRequest> = {}): Promise<Awaited<ReturnType<UpstreamTransport['send']>>> =>
  transport.send({ method: 'GET', path: '/v2/thing', headers: { accept: 'application/json' }, timeoutMs: 2_000, maxBytes: 1_000, ...overrides });

async function failureOf(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('upstream transport', () => {
  it('reuses one kept-alive connection for calls one after another', async () => {
    handler = (_req, res) => res.end('{"ok":true}');
    for (let i = 0; i < 20; i++) expect((await get()).text).toBe('{"ok":true}');
    expect(connections).toBe(1);
  });

  it('sends the given headers and nothing from anywhere else', async () => {
    let seen: http.IncomingHttpHeaders = {};
    let body = '';
    handler = (req, res) => {
      seen = req.headers;
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => res.end('{}'));
    };
    await transport.send({
      method: 'POST',
      path: '/v2/task-runs/trun_1/cancel',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: '{"a":1}',
      timeoutMs: 2_000,
      maxBytes: 1_000,
    });
    expect(Object.keys(seen).sort()).toEqual(['accept-encoding', 'authorization', 'connection', 'content-length', 'content-type', 'host']);
    expect(seen['content-length']).toBe('7');
    expect(body).toBe('{"a":1}');
  });

  it('hands back a redirect as a status without following it', async () => {
    const paths: string[] = [];
    handler = (req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    };
    const response = await get();
    expect(response.status).toBe(302);
    expect(paths).toEqual(['/v2/thing']);
  });

  it('refuses a body larger than the limit, whether declared or streamed', async () => {
    handler = (_req, res) => res.end('x'.repeat(2_000));
    expect((await failureOf(get())).message).toContain('larger than');

    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length declared
      for (let i = 0; i < 10; i++) res.write('y'.repeat(300));
      res.end();
    };
    const streamed = await failureOf(get());
    expect(streamed.kind).toBe('bad_response');
    expect(streamed.message).toContain('larger than');
    // A refused body does not poison the pool: the next call works.
    handler = (_req, res) => res.end('{}');
    expect((await get()).text).toBe('{}');
  });

  it('reads gzip and brotli bodies, and counts the limit after decompression', async () => {
    const json = JSON.stringify({ text: 'é'.repeat(100) });
    handler = (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync(json));
    };
    expect((await get()).text).toBe(json);
    handler = (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'br' });
      res.end(zlib.brotliCompressSync(json));
    };
    expect((await get()).text).toBe(json);

    handler = (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync('z'.repeat(50_000))); // tiny on the wire, too large once inflated
    };
    expect((await failureOf(get())).message).toContain('larger than');

    handler = (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'compress' });
      res.end('????');
    };
    expect((await failureOf(get())).kind).toBe('bad_response');
  });

  it('gives up after the timeout, and when the connection breaks mid-answer', async () => {
    handler = () => {}; // never answers
    expect((await failureOf(get({ timeoutMs: 100 }))).kind).toBe('timeout');

    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '500' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 10);
    };
    expect((await failureOf(get())).kind).toBe('network');
  });

  it('reports a refused connection as a network failure', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const nowhere = createUpstreamTransport({ origin: new URL(`http://127.0.0.1:${port}`) });
    try {
      expect((await failureOf(nowhere.send({ method: 'GET', path: '/', headers: {}, timeoutMs: 2_000, maxBytes: 100 }))).kind).toBe('network');
    } finally {
      nowhere.close();
    }
  });
});
