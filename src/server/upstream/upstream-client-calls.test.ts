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
const urls: string[] = [];
/** Bodies other than a run object, by run id: a 2xx run read must be a JSON object. */
const NOT_A_RUN: Record<string, string> = { trun_array1: '[{"id":"trun_array1"}]', trun_string1: '"trun_string1"', trun_null1: 'null' };
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    urls.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      const other = Object.entries(NOT_A_RUN).find(([id]) => req.url?.includes(id));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(other ? other[1] : JSON.stringify({ id: 'trun_calls1', status: 'running', request_id: 'req_calls1' }));
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

  it('sends each call to its path and query under the base path', async () => {
    const client = clientLogging('error', []);
    urls.length = 0;
    await client.getRun('trun_calls1', []);
    await client.getRun('trun_calls1', ['artifacts', 'input']);
    await client.cancelRun('trun_calls1', 'rw-cancel-2');
    expect(urls).toEqual(['/v2/task-runs/trun_calls1', '/v2/task-runs/trun_calls1?include=input,artifacts', '/v2/task-runs/trun_calls1/cancel']);
  });

  it('refuses a run read answered with JSON that is not an object, as a response off its contract', async () => {
    const client = clientLogging('error', []);
    for (const runId of Object.keys(NOT_A_RUN)) {
      const failure = await client.getRun(runId, []).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({ kind: 'bad_response', message: 'the upstream sent a response that does not match its contract' });
    }
  });
});
