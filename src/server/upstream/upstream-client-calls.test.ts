import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../logger';
import { RequestBudget } from './request-budget';
import { createUpstreamClient, USER_AGENT } from './upstream-client';

/**
 * What each call sends and logs, against a recording HTTP server on loopback: a write's own
 * headers stay with that write, and an answered call is logged at debug level only when debug
 * lines are wanted.
 */

const KEY = 'sk_test_CALLS_0123456789abcdef';
const seen: http.IncomingHttpHeaders[] = [];
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'trun_calls1', status: 'running', request_id: 'req_calls1' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

function clientLogging(level: LogLevel, lines: string[]) {
  return createUpstreamClient({
    baseUrl,
    apiKey: KEY,
    log: createLogger({ level, write: (line) => lines.push(line) }),
    budget: new RequestBudget({ limit: 10_000, burst: 1_000 }),
    maxReadRetries: 0,
  });
}

describe('upstream client calls', () => {
  it("keeps a write's body and idempotency headers off the reads that follow it", async () => {
    const client = clientLogging('error', []);
    seen.length = 0;
    await client.getRun('trun_calls1', []);
    await client.cancelRun('trun_calls1', 'rw-cancel-1');
    await client.getRun('trun_calls1', ['input']);

    const [firstRead, cancel, laterRead] = seen;
    for (const read of [firstRead, laterRead]) {
      expect(read).toMatchObject({ authorization: `Bearer ${KEY}`, accept: 'application/json', 'user-agent': USER_AGENT });
      expect(read?.['idempotency-key']).toBeUndefined();
      expect(read?.['content-type']).toBeUndefined();
    }
    expect(cancel).toMatchObject({ authorization: `Bearer ${KEY}`, 'idempotency-key': 'rw-cancel-1', 'content-type': 'application/json' });
  });

  it('logs each answered call at debug level, and builds no such line otherwise', async () => {
    const debugLines: string[] = [];
    await clientLogging('debug', debugLines).getRun('trun_calls1', []);
    const logged = debugLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'upstream call');
    expect(logged).toEqual([expect.objectContaining({ level: 'debug', operation: 'run', method: 'GET', attempt: 1, upstreamRequestId: 'req_calls1' })]);

    const infoLines: string[] = [];
    await clientLogging('info', infoLines).getRun('trun_calls1', []);
    expect(infoLines.filter((line) => line.includes('upstream call'))).toEqual([]);
  });
});
