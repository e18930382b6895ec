import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWebhooksCli } from './webhooks-cli';

/** A loopback upstream that records what it was sent and answers as the contract describes. */
interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

describe('npm run webhooks -- register', () => {
  let server: http.Server;
  let baseUrl = '';
  const received: Received[] = [];
  let reply: { status: number; body: unknown } = { status: 200, body: {} };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        received.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body: text ? JSON.parse(text) : null });
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function run(argv: string[], upstream: { baseUrl: string; apiKey: string } | null = { baseUrl, apiKey: 'sk_live_cli_test_key' }) {
    let out = '';
    let err = '';
    const code = await runWebhooksCli(argv, { out: (t) => (out += t), err: (t) => (err += t), upstream: () => upstream });
    return { code, out, err };
  }

  it('without --yes prints the request and sends nothing', async () => {
    const before = received.length;
    const result = await run(['register', '--url', 'https://runwatch.example.com/hooks/upstream']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Would send POST');
    expect(result.out).toContain('"url": "https://runwatch.example.com/hooks/upstream"');
    expect(result.out).toContain('Run again with --yes');
    expect(received.length).toBe(before);
  });

  it('with --yes registers task-run events for the URL and prints the secret with the variable to set', async () => {
    reply = {
      status: 200,
      body: { id: 'evd_1', object: 'event_destination', type: 'webhook', webhook: { url: 'x', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } },
    };
    const result = await run(['register', '--url', 'https://runwatch.example.com/hooks/upstream', '--yes']);
    expect(result.code).toBe(0);
    expect(received.at(-1)).toEqual({
      method: 'POST',
      path: '/v2/event-destinations',
      authorization: 'Bearer sk_live_cli_test_key',
      body: { name: 'Runwatch', type: 'webhook', webhook: { url: 'https://runwatch.example.com/hooks/upstream' }, events: ['task_run.*'] },
    });
    expect(result.out).toContain('Registered event destination evd_1');
    expect(result.out).toContain('RUNWATCH_WEBHOOK_SECRETS=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  });

  it('reads the secret from the older credentials shape too, and says when there is none', async () => {
    reply = { status: 200, body: { id: 'evd_2', credentials: { secret: 'whsec_older0shape0secret0value0000' } } };
    expect((await run(['register', '--url', 'https://rw.example.com/hooks/upstream', '--yes'])).out).toContain(
      'RUNWATCH_WEBHOOK_SECRETS=whsec_older0shape0secret0value0000',
    );
    reply = { status: 201, body: { id: 'evd_3' } };
    expect((await run(['register', '--url', 'https://rw.example.com/hooks/upstream', '--yes'])).out).toContain('carried no signing secret');
  });

  it('reports an upstream refusal with its reason', async () => {
    reply = { status: 400, body: { errors: [{ type: 'request', code: 'url_invalid', message: 'The URL must be public.' }], request_id: 'req_cli' } };
    const result = await run(['register', '--url', 'https://rw.example.com/hooks/upstream', '--yes']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('did not register the destination');
    expect(result.err).toContain('url_invalid: The URL must be public.');
  });

  it('refuses bad usage with the reason and the usage text', async () => {
    const cases = [
      await run([]),
      await run(['register']),
      await run(['register', '--url', 'not a url']),
      await run(['register', '--url', 'ftp://x.example.com/hooks/upstream']),
      await run(['register', '--url', 'https://x.example.com/hooks/upstream', '--yes'], null),
      await run(['register', '--url', 'https://x.example.com/hooks/upstream', '--bogus']),
    ];
    expect(cases.map((result) => result.code)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(cases.map((result) => result.err.split('\n')[0])).toEqual([
      'which command? (register)',
      '--url is required: where the upstream should deliver events.',
      '--url is not a URL: not a url',
      '--url must be an http(s) URL.',
      '--yes needs TASK_API_URL and TASK_API_KEY (the upstream to register with).',
      expect.stringContaining('--bogus'),
    ]);
  });
});
