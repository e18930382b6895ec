import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Test support: a tiny real upstream on loopback that answers whatever a test scripts, written
 * from the contract alone (not the simulator): `GET /v2/task-runs/:id` serves the run set for that
 * id, `GET /v2/task-runs` the list set for the whole collection. Bodies are sent as given (a string
 * is sent verbatim, anything else as JSON), so a test can send shapes no schema would produce.
 */

export interface ScriptedReply {
  status?: number;
  body: unknown;
}

export interface ScriptedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
}

export interface ScriptedUpstream {
  /** e.g. http://127.0.0.1:4321/v2 */
  baseUrl: string;
  requests: ScriptedRequest[];
  setRun(runId: string, body: unknown, status?: number): void;
  setList(body: unknown, status?: number): void;
  close(): Promise<void>;
}

export async function startScriptedUpstream(): Promise<ScriptedUpstream> {
  const runs = new Map<string, ScriptedReply>();
  let list: ScriptedReply = { body: { data: [], has_more: false, next_cursor: null, request_id: 'req_list' } };
  const requests: ScriptedRequest[] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream.invalid');
    requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams });
    const runMatch = /^\/v2\/task-runs\/([^/]+)$/.exec(url.pathname);
    let reply: ScriptedReply | undefined;
    if (req.method === 'GET' && url.pathname === '/v2/task-runs') reply = list;
    else if (req.method === 'GET' && runMatch) reply = runs.get(decodeURIComponent(runMatch[1]!));
    reply ??= {
      status: 404,
      body: { errors: [{ type: 'request', code: 'task_run_not_found', message: 'No such run.' }], request_id: 'req_notfound' },
    };
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v2`,
    requests,
    setRun: (runId, body, status) => runs.set(runId, { body, status }),
    setList: (body, status) => {
      list = { body, status };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
