import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { reportReady } from './bench-child';

/**
 * The floor of any Node proxy on this machine, for the read-path comparison: node:http in, undici
 * out (a pool set up as Runwatch's transport sets up its own), the upstream JSON parsed and written
 * again, and nothing else — no session, no id check, no validation or normalising, no records, no
 * headers of its own. What Runwatch costs above this is the cost of its own work per read; what
 * this costs above nginx is the cost of Node. Bench only: it serves whatever GET it is sent.
 */
const { upstreamOrigin, apiKey } = JSON.parse(process.argv[2] ?? '{}') as { upstreamOrigin: string; apiKey: string };
const pool = new Pool(upstreamOrigin, { connections: 64, pipelining: 1, headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 4_000 });
const upstreamHeaders = ['authorization', `Bearer ${apiKey}`, 'accept', 'application/json'];

const server = http.createServer((incoming, outgoing) => {
  const fail = (why: string) => {
    if (outgoing.headersSent) return outgoing.destroy();
    outgoing.writeHead(502, ['content-type', 'text/plain']);
    outgoing.end(why);
  };
  const chunks: Buffer[] = [];
  let status = 0;
  pool.dispatch(
    { method: 'GET', path: incoming.url ?? '/', headers: upstreamHeaders },
    {
      onRequestStart() {},
      onResponseStart(_controller, statusCode) {
        status = statusCode;
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        let text: string;
        try {
          text = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          fail('the upstream answer is not JSON');
          return;
        }
        outgoing.writeHead(status, ['content-type', 'application/json', 'content-length', String(Buffer.byteLength(text))]);
        outgoing.end(text);
      },
      onResponseError(_controller, error) {
        fail(error.message);
      },
    },
  );
});

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
reportReady({ origin: `http://127.0.0.1:${port}` }, async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await pool.close();
});
