import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from './upstream-error';
import { createUpstreamTransport, type TransportRequest, type UpstreamTransport } from './upstream-transport';

/**
 * The keep-alive transport against a real HTTP server on loopback: connection reuse and the
 * connection cap, the headers that leave and those handed back, redirects left alone, size limits
 * (declared and streamed), compressed bodies, timeouts (waiting, in the body, queued) and cut bodies.
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

/** A throwaway self-signed certificate for 127.0.0.1, made for this test only and trusted by nothing. */
const SELF_SIGNED = {
  key: [
    '-----BEGIN PRIVATE KEY-----',
    'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgYDQUSnKFv3tjf0I2',
    'GFMKFMEGi+I9V7Kbdro+PdUqhfyhRANCAATEb1y6IP3OSGYQeSim3xeA2fuufMzu',
    'uo1fltS2hN870sQWpVewl2LCPskjStD3ntkbitaY3HLokLBGredxGjaI',
    '-----END PRIVATE KEY-----',
  ].join('\n'),
  cert: [
    '-----BEGIN CERTIFICATE-----',
    'MIIBkDCCATagAwIBAgIUYpR+VFg9drQTn+mDG/UyeFm8/+UwCgYIKoZIzj0EAwIw',
    'FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyOTE5NDkxOVoYDzIxMjYxMTA1',
    'MTk0OTE5WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO',
    'PQMBBwNCAATEb1y6IP3OSGYQeSim3xeA2fuufMzuuo1fltS2hN870sQWpVewl2LC',
    'PskjStD3ntkbitaY3HLokLBGredxGjaIo2QwYjAdBgNVHQ4EFgQUy4G8EtjbdmqA',
    'TIc3TSQr8IuJlNYwHwYDVR0jBBgwFoAUy4G8EtjbdmqATIc3TSQr8IuJlNYwDwYD',
    'VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC',
    'IQDfGwyhjt9bAEEkfcJL7eBoFY53cI33h27uKMggpbx+wQIgbcZx4sB9KBjLeO/B',
    'EU6egkS2u1DYK3lNxwPB9lbflFA=',
    '-----END CERTIFICATE-----',
  ].join('\n'),
};

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

  it('sends only the given headers on a read, with no body length', async () => {
    let seen: http.IncomingHttpHeaders = {};
    handler = (req, res) => {
      seen = req.headers;
      res.end('{}');
    };
    await get();
    expect(Object.keys(seen).sort()).toEqual(['accept', 'accept-encoding', 'connection', 'host']);
    expect(seen['accept-encoding']).toBe('gzip, deflate, br');
    expect(seen.connection).toBe('keep-alive');
  });

  it('hands back the headers lower-cased, a repeated one joined as node:http joins it', async () => {
    handler = (_req, res) => {
      res.setHeader('X-Request-Id', 'req_abc');
      res.setHeader('Retry-After', ['7', '9']);
      res.setHeader('Content-Type', ['application/json', 'text/plain']);
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('X-Trace', ['one', 'two']);
      res.end('{}');
    };
    const { headers } = await get();
    expect(headers['x-request-id']).toBe('req_abc');
    expect(headers['retry-after']).toBe('7');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(headers['x-trace']).toBe('one, two');
  });

  it('hands back a single Set-Cookie as an array of one, as node:http does', async () => {
    handler = (_req, res) => {
      res.setHeader('Set-Cookie', 'only=1');
      res.end('{}');
    };
    expect((await get()).headers['set-cookie']).toEqual(['only=1']);
  });

  it('fails a request it cannot send without losing a connection for the calls after it', async () => {
    const single = createUpstreamTransport({ origin: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), maxSockets: 1 });
    const paths: string[] = [];
    handler = (req, res) => {
      paths.push(req.url ?? '');
      res.end('{"ok":true}');
    };
    const call = (path: string, headers: Record<string, string> = {}) => single.send({ method: 'GET', path, headers, timeoutMs: 1_000, maxBytes: 100 });
    try {
      expect((await call('/before')).text).toBe('{"ok":true}');
      for (const refused of [call('/with space'), call('/ok', { 'x-bad': 'a\r\nb' }), call('/ok', { 'transfer-encoding': 'chunked' })]) {
        const error = await failureOf(refused);
        expect(error.kind).toBe('network');
        expect(error.message).toMatch(/could not be sent to the upstream/);
      }
      expect((await call('/after')).text).toBe('{"ok":true}');
      // Refused once a connection frees up (it waited in the queue behind a call under way).
      let release = (): void => {};
      handler = (req, res) => {
        paths.push(req.url ?? '');
        if (req.url === '/slow') release = () => res.end('{"ok":true}');
        else res.end('{"ok":true}');
      };
      const slow = call('/slow');
      const queued = failureOf(call('/queued with space'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      release();
      expect((await slow).text).toBe('{"ok":true}');
      expect((await queued).message).toMatch(/could not be sent to the upstream/);
      expect((await call('/again')).text).toBe('{"ok":true}');
      expect(paths).toEqual(['/before', '/after', '/slow', '/again']);
    } finally {
      single.close();
    }
  });

  it('hands back every 3xx as a status, never following its location', async () => {
    const paths: string[] = [];
    for (const status of [301, 303, 307, 308]) {
      handler = (req, res) => {
        paths.push(req.url ?? '');
        res.writeHead(status, { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/elsewhere` });
        res.end('moved');
      };
      const response = await get();
      expect(response.status).toBe(status);
      expect(response.text).toBe('moved');
    }
    expect(paths).toEqual(['/v2/thing', '/v2/thing', '/v2/thing', '/v2/thing']);
  });

  it('refuses a declared length over the limit at once, without waiting for the body', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': String(50_000_000) });
      res.write('{"a":'); // and nothing more: reading on would run into the timeout
    };
    const error = await failureOf(get({ timeoutMs: 5_000 }));
    expect(error.kind).toBe('bad_response');
    expect(error.details.httpStatus).toBe(200);
    expect(error.message).toContain('larger than the 1000 bytes');
  });

  it('reads deflate and x-gzip bodies; an undecodable body is a bad response with its status', async () => {
    const json = JSON.stringify({ ok: true, list: [1, 2, 3] });
    handler = (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'deflate' });
      res.end(zlib.deflateSync(json));
    };
    expect((await get()).text).toBe(json);
    handler = (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'X-Gzip' });
      res.end(zlib.gzipSync(json));
    };
    expect((await get()).text).toBe(json);

    handler = (_req, res) => {
      res.writeHead(503, { 'content-encoding': 'gzip' });
      res.end('not gzip at all');
    };
    const error = await failureOf(get());
    expect(error.kind).toBe('bad_response');
    expect(error.details.httpStatus).toBe(503);
  });

  it('times out when the body stops coming, and a body cut mid-way without a length is a network failure', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"slow":'); // headers and a first chunk, then silence
    };
    expect((await failureOf(get({ timeoutMs: 150 }))).kind).toBe('timeout');

    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked
      res.write('{"cut":');
      setTimeout(() => res.socket?.destroy(), 10);
    };
    expect((await failureOf(get())).kind).toBe('network');

    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.end('{"short":1}'); // ends the response shorter than declared, then the connection closes
      res.socket?.end();
    };
    expect((await failureOf(get())).kind).toBe('network');
  });

  it('opens at most maxSockets connections; further calls wait and then run', async () => {
    const limited = createUpstreamTransport({ origin: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), maxSockets: 2 });
    let inFlight = 0;
    let mostInFlight = 0;
    handler = (_req, res) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      // Held a moment, so the calls overlap unless the transport makes them wait.
      setTimeout(() => {
        inFlight--;
        res.end('{"n":1}');
      }, 20);
    };
    try {
      const replies = await Promise.all(
        Array.from({ length: 6 }, () => limited.send({ method: 'GET', path: '/', headers: {}, timeoutMs: 2_000, maxBytes: 100 })),
      );
      expect(replies.map((r) => r.text)).toEqual(Array(6).fill('{"n":1}'));
      expect(mostInFlight).toBe(2);
      expect(connections).toBe(2);
    } finally {
      limited.close();
    }
  });

  it('drops a call that timed out waiting for a free connection, and keeps the connection', async () => {
    const single = createUpstreamTransport({ origin: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), maxSockets: 1 });
    const paths: string[] = [];
    let release = (): void => {};
    handler = (req, res) => {
      paths.push(req.url ?? '');
      if (req.url === '/slow') release = () => res.end('{"slow":true}');
      else res.end('{"fast":true}');
    };
    const call = (path: string, timeoutMs: number) => single.send({ method: 'GET', path, headers: {}, timeoutMs, maxBytes: 100 });
    try {
      const slow = call('/slow', 2_000);
      const queued = await failureOf(call('/queued', 50));
      expect(queued.kind).toBe('timeout');
      release();
      expect((await slow).text).toBe('{"slow":true}');
      expect((await call('/after', 2_000)).text).toBe('{"fast":true}');
      expect(paths).toEqual(['/slow', '/after']);
      expect(connections).toBe(1);
    } finally {
      single.close();
    }
  });

  it('closes an idle connection itself, before the upstream would', async () => {
    const idle = http.createServer((_req, res) => res.end('{}'));
    idle.keepAliveTimeout = 3_000; // announced as `Keep-Alive: timeout=3`; the server closes only after that
    // The server's side of a connection sees `end` only when the other side closes it.
    const endedByTransport = new Promise<void>((resolve) => idle.on('connection', (socket) => socket.on('end', resolve)));
    await new Promise<void>((resolve) => idle.listen(0, '127.0.0.1', resolve));
    const client = createUpstreamTransport({ origin: new URL(`http://127.0.0.1:${(idle.address() as AddressInfo).port}`) });
    try {
      expect((await client.send({ method: 'GET', path: '/', headers: {}, timeoutMs: 2_000, maxBytes: 100 })).text).toBe('{}');
      await endedByTransport;
    } finally {
      client.close();
      await new Promise<void>((resolve) => {
        idle.close(() => resolve());
        idle.closeAllConnections();
      });
    }
  });

  it('speaks TLS to an https origin and checks its certificate', async () => {
    let reached = false;
    const secure = https.createServer(SELF_SIGNED, (_req, res) => {
      reached = true;
      res.end('{}');
    });
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    const untrusted = createUpstreamTransport({ origin: new URL(`https://127.0.0.1:${(secure.address() as AddressInfo).port}`) });
    try {
      const error = await failureOf(untrusted.send({ method: 'GET', path: '/', headers: {}, timeoutMs: 2_000, maxBytes: 100 }));
      expect(error.kind).toBe('network');
      // The handshake happened and the self-signed certificate was refused: nothing was sent.
      expect((error.cause as NodeJS.ErrnoException | undefined)?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
      expect(reached).toBe(false);
    } finally {
      untrusted.close();
      await new Promise<void>((resolve) => {
        secure.close(() => resolve());
        secure.closeAllConnections();
      });
    }
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
