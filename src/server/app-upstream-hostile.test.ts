import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runResponseSchema } from '../contract/bff';
import { CANARY_KEY } from './testing/canary';
import { startAuditedAppServer, startScriptedServer, type AuditedAppServer, type ScriptedReply } from './testing/audited-app-server';
import { expectApiError } from './testing/api-envelope';

/**
 * What a hostile or merely different upstream sends, over real HTTP (a scripted upstream and file
 * host on loopback): 403s told apart by their error type, error text that echoes the bearer key,
 * and files that come with the wrong type, an expired link answering 400, or far too many bytes.
 */

const json = (status: number, body: unknown): ScriptedReply => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const MiB = 1024 * 1024;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** Replies by exact request path (query ignored); anything else is a 404 envelope. */
const replies = new Map<string, () => ScriptedReply>();
/** The signature the file host currently accepts; a run read hands out links with it. */
let signature = 1;

const upstream = await startScriptedServer((req) => {
  const path = req.url.split('?')[0]!;
  const reply = replies.get(`${req.method} ${path}`);
  if (reply) return reply();
  return json(404, { errors: [{ type: 'request', code: 'task_run_not_found', message: 'No such task run.' }], request_id: 'req_nf' });
});

let app: AuditedAppServer;

beforeAll(async () => {
  app = await startAuditedAppServer({ upstreamBaseUrl: `${upstream.origin}/v2`, env: { RUNWATCH_MAX_FILE_MB: '1' } });
});

afterAll(async () => {
  await app?.close();
  await upstream.close();
});

beforeEach(() => {
  replies.clear();
  signature = 1;
});

function run(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    object: 'task_run',
    status: 'completed',
    result: 'success',
    task_id: 'task_hostile1',
    agent_id: 'agt_hostile1',
    source_id: 'src_hostile1',
    credential_id: null,
    session_id: null,
    runtime_ms: 1000,
    output: null,
    errors: null,
    interaction: null,
    created_at: '2026-03-02T10:00:00Z',
    updated_at: '2026-03-02T10:00:05Z',
    request_id: 'req_hostile1',
    ...overrides,
  };
}

describe('a 403 from the upstream', () => {
  it.each([
    [
      'type organization',
      json(403, { errors: [{ type: 'organization', code: 'plan_required', message: 'Your plan does not include runs.' }], request_id: 'req_403a' }),
      'upstream_organization_blocked',
    ],
    [
      'type source',
      json(403, { errors: [{ type: 'source', code: 'source_blocked', message: 'Source is blocklisted.' }], request_id: 'req_403b' }),
      'upstream_source_blocked',
    ],
    ['no type but a source code', json(403, { errors: [{ code: 'source_blocked' }], request_id: 'req_403c' }), 'upstream_source_blocked'],
    ['another type', json(403, { errors: [{ type: 'request', code: 'forbidden', message: 'Forbidden.' }], request_id: 'req_403d' }), 'upstream_auth'],
    ['a body that is not JSON', { status: 403, body: 'Forbidden' }, 'upstream_auth'],
  ] as const)('with %s is told apart', async (_label, reply, code) => {
    const id = `trun_forbidden${code.length}${reply.status}${upstream.requests.length}`;
    replies.set(`GET /v2/task-runs/${id}`, () => reply);
    const error = await expectApiError(await app.request(`/api/runs/${id}`), { status: 502, code });
    if (code === 'upstream_auth') {
      expect(error.message).toBe('the upstream rejected the configured key');
      expect(error.details).toBeUndefined();
    } else {
      expect(error.details).toMatchObject({
        upstreamStatus: 403,
        upstreamErrors: [{ code: code === 'upstream_source_blocked' ? 'source_blocked' : 'plan_required' }],
      });
    }
  });

  it('is still the key for a 401', async () => {
    replies.set('GET /v2/task-runs/trun_unauthorized1', () => json(401, { errors: [{ type: 'organization', code: 'api_key_invalid', message: 'x' }] }));
    await expectApiError(await app.request('/api/runs/trun_unauthorized1'), { status: 502, code: 'upstream_auth' });
  });

  it('on a cancel is passed on and audited as a refusal', async () => {
    replies.set('POST /v2/task-runs/trun_blockedCancel/cancel', () =>
      json(403, { errors: [{ type: 'organization', code: 'plan_required', message: 'Plan ended.' }], request_id: 'req_403e' }),
    );
    await expectApiError(await app.post('/api/runs/trun_blockedCancel/cancel', {}), { status: 502, code: 'upstream_organization_blocked' });
    expect(app.auditOf('trun_blockedCancel').map((e) => [e.outcome, e.detail])).toEqual([['rejected', 'upstream_organization_blocked']]);
  });
});

describe('upstream error text that echoes the key', () => {
  const echoes: Array<[string, string, ScriptedReply, number, string]> = [
    [
      'a 400 quoting the Authorization header, with the key as request id',
      'GET /v2/task-runs/trun_echo1',
      json(400, {
        errors: [{ type: 'request', code: 'header_invalid', message: `Invalid Authorization header: Bearer ${CANARY_KEY}`, field: 'authorization' }],
        request_id: CANARY_KEY,
      }),
      400,
      'invalid_request',
    ],
    [
      'a 403 with the key in message, field and code',
      'GET /v2/task-runs/trun_echo2',
      json(403, {
        errors: [{ type: 'organization', code: `blocked_${CANARY_KEY}`, message: `key=${CANARY_KEY} is not entitled`, field: CANARY_KEY }],
        request_id: 'req_echo2',
      }),
      502,
      'upstream_organization_blocked',
    ],
    [
      'a 422 with the key URL-encoded after Bearer',
      'GET /v2/task-runs/trun_echo3',
      json(422, {
        errors: [{ type: 'request', code: 'unprocessable', message: `received header authorization=Bearer%20${CANARY_KEY}` }],
        request_id: 'req_echo3',
      }),
      400,
      'invalid_request',
    ],
    [
      'a 400 on the runs list',
      'GET /v2/task-runs',
      json(400, { errors: [{ type: 'request', code: 'cursor_invalid', message: `cursor invalid for Bearer ${CANARY_KEY}` }], request_id: 'req_echo4' }),
      400,
      'invalid_cursor',
    ],
    ['a 401 whose whole body is the key', 'GET /v2/task-runs/trun_echo5', { status: 401, body: `Bearer ${CANARY_KEY}` }, 502, 'upstream_auth'],
  ];

  it.each(echoes)('%s reaches nobody', async (_label, route, reply, status, code) => {
    replies.set(route, () => reply);
    const path = route.startsWith('GET /v2/task-runs/') ? `/api/runs/${route.slice('GET /v2/task-runs/'.length)}` : '/api/runs';
    const response = await app.request(path);
    await expectApiError(response, { status, code });
    expect(response.text).not.toContain(CANARY_KEY.slice('sk_live_'.length));
    expect(response.text).not.toMatch(/sk_(live|test)_/);
  });

  it('keeps the rest of the message readable', async () => {
    replies.set('GET /v2/task-runs/trun_echo6', () =>
      json(400, {
        errors: [{ type: 'request', code: 'header_invalid', message: `Invalid Authorization header: Bearer ${CANARY_KEY}` }],
        request_id: 'req_echo6',
      }),
    );
    const error = await expectApiError(await app.request('/api/runs/trun_echo6'), { status: 400, code: 'invalid_request' });
    expect(error.details).toEqual({
      upstreamStatus: 400,
      upstreamErrors: [{ type: 'request', code: 'header_invalid', message: 'Invalid Authorization header: Bearer [redacted]', field: null }],
    });
    expect(error.upstreamRequestId).toBe('req_echo6');
  });

  it('in a refused answer or cancel reaches neither the page nor the audit log', async () => {
    const id = 'trun_echoAction';
    replies.set(`GET /v2/task-runs/${id}`, () =>
      json(
        200,
        run(id, {
          status: 'interaction_required',
          result: null,
          interaction: { type: 'mfa', message: 'Code?', fields: [{ name: 'code', type: 'string', label: 'Code' }] },
        }),
      ),
    );
    const echo = json(422, {
      errors: [{ type: 'request', code: 'input_invalid', message: `Bearer ${CANARY_KEY} may not answer`, field: 'code' }],
      request_id: CANARY_KEY,
    });
    replies.set(`POST /v2/task-runs/${id}/interaction`, () => echo);
    replies.set(`POST /v2/task-runs/${id}/cancel`, () => ({ ...echo, status: 409 }));
    const promptId = runResponseSchema.parse((await app.request(`/api/runs/${id}`)).json()).run.interaction!.promptId;

    const answer = await app.post(`/api/runs/${id}/interaction`, { promptId, input: { code: '123456' } });
    await expectApiError(answer, { status: 400, code: 'interaction_rejected' });
    const cancel = await app.post(`/api/runs/${id}/cancel`, {});
    await expectApiError(cancel, { status: 409, code: 'not_cancelable' });
    for (const text of [answer.text, cancel.text, JSON.stringify(app.auditOf(id))]) {
      expect(text).not.toContain(CANARY_KEY.slice('sk_live_'.length));
    }
    expect(app.auditOf(id).map((e) => e.upstreamRequestId)).toEqual([null, null]);
  });
});

describe('files from the file host', () => {
  const id = 'trun_files1';

  beforeEach(() => {
    const link = (name: string) => `${upstream.origin}/files/${name}?sig=${signature}`;
    replies.set(`GET /v2/task-runs/${id}`, () =>
      json(
        200,
        run(id, {
          artifacts: {
            screenshots: [
              { file_name: 'a.png', file_type: 'image/png', file_size: 16, created_at: '2026-03-02T10:00:01Z', url: link('octet'), reasoning: '' },
              { file_name: 'b.png', file_type: 'image/png', file_size: 16, created_at: '2026-03-02T10:00:02Z', url: link('html'), reasoning: '' },
              { file_name: 'c.png', file_type: 'image/png', file_size: 16, created_at: '2026-03-02T10:00:03Z', url: link('signed'), reasoning: '' },
              { file_name: 'd.png', file_type: 'image/png', file_size: 2 * MiB, created_at: '2026-03-02T10:00:04Z', url: link('huge'), reasoning: '' },
            ],
          },
          storage: [
            {
              id: 'stor_declared1',
              object: 'storage',
              file_name: 'big.pdf',
              file_type: 'application/pdf',
              file_size: 2 * MiB,
              created_at: '2026-03-02T10:00:05Z',
              url: link('big-declared'),
              extraction: null,
            },
            {
              id: 'stor_streamed1',
              object: 'storage',
              file_name: 'big.csv',
              file_type: 'text/csv',
              file_size: 100,
              created_at: '2026-03-02T10:00:05Z',
              url: link('big-streamed'),
              extraction: null,
            },
            {
              id: 'stor_page1',
              object: 'storage',
              file_name: 'page.html',
              file_type: 'text/html',
              file_size: 20,
              created_at: '2026-03-02T10:00:05Z',
              url: link('page'),
              extraction: null,
            },
            {
              id: 'stor_pdf1',
              object: 'storage',
              file_name: 'bill.pdf',
              file_type: 'application/pdf',
              file_size: 8,
              created_at: '2026-03-02T10:00:05Z',
              url: link('pdf-octet'),
              extraction: null,
            },
          ],
        }),
      ),
    );
    replies.set('GET /files/octet', () => ({ status: 200, headers: { 'content-type': 'application/octet-stream' }, body: PNG }));
    replies.set('GET /files/html', () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<script>alert(1)</script>' }));
    replies.set('GET /files/huge', () => ({ status: 200, headers: { 'content-type': 'image/png' }, body: Buffer.alloc(2 * MiB) }));
    replies.set('GET /files/big-declared', () => ({ status: 200, headers: { 'content-type': 'application/pdf' }, body: Buffer.alloc(2 * MiB) }));
    replies.set('GET /files/big-streamed', () => ({ status: 200, headers: { 'content-type': 'text/csv' }, body: Buffer.alloc(3 * MiB, 'a'), chunked: true }));
    replies.set('GET /files/page', () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<h1>hello</h1>' }));
    replies.set('GET /files/pdf-octet', () => ({ status: 200, headers: { 'content-type': 'application/octet-stream' }, body: '%PDF-1.4' }));
  });

  async function download(path: string) {
    const response = await fetch(app.url + path);
    let bytes = 0;
    let failed = false;
    try {
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
      }
    } catch {
      failed = true;
    }
    return { response, bytes, failed };
  }

  it('serves a screenshot sent as application/octet-stream as the image the run says it is', async () => {
    const { response, bytes, failed } = await download(`/api/runs/${id}/screenshots/0`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect([bytes, failed]).toEqual([PNG.length, false]);
  });

  it('refuses a "screenshot" the file host says is HTML, whatever the run says', async () => {
    const response = await app.request(`/api/runs/${id}/screenshots/1`);
    await expectApiError(response, { status: 502, code: 'file_unavailable' });
    expect(response.text).not.toContain('<script>');
  });

  it('reads the run again for a new link when the old one answers 400', async () => {
    replies.set('GET /files/signed', () => {
      const last = upstream.requests.at(-1)!;
      return last.url.endsWith(`sig=${signature}`)
        ? { status: 200, headers: { 'content-type': 'image/png' }, body: PNG }
        : { status: 400, body: 'Request has expired' };
    });
    expect((await download(`/api/runs/${id}/screenshots/2`)).response.status).toBe(200);
    signature = 2;
    const runReadsBefore = upstream.requests.filter((r) => r.url.startsWith(`/v2/task-runs/${id}`)).length;
    const { response, bytes } = await download(`/api/runs/${id}/screenshots/2`);
    expect(response.status).toBe(200);
    expect(bytes).toBe(PNG.length);
    const fileRequests = upstream.requests.filter((r) => r.url.startsWith('/files/signed'));
    expect(fileRequests.slice(-2).map((r) => r.url.split('?')[1])).toEqual(['sig=1', 'sig=2']);
    expect(upstream.requests.filter((r) => r.url.startsWith(`/v2/task-runs/${id}`)).length).toBe(runReadsBefore + 1);
  });

  it.each([
    ['a screenshot', `/api/runs/${id}/screenshots/3`],
    ['a file', `/api/runs/${id}/files/stor_declared1`],
  ])('refuses %s whose Content-Length is over RUNWATCH_MAX_FILE_MB before sending anything', async (_label, path) => {
    const response = await app.request(path);
    const error = await expectApiError(response, { status: 502, code: 'file_too_large' });
    expect(error.message).toContain('1 MB');
  });

  it('cuts off a file without a Content-Length once it passes the limit', async () => {
    const { response, bytes, failed } = await download(`/api/runs/${id}/files/stor_streamed1`);
    expect(response.status).toBe(200);
    expect(failed).toBe(true);
    expect(bytes).toBeLessThanOrEqual(MiB);
    expect(app.logs.some((line) => line.includes('file download cut off') && line.includes('RUNWATCH_MAX_FILE_MB'))).toBe(true);
  });

  it('sends a file of a type off the allow-list as application/octet-stream, an allowed one as declared', async () => {
    const page = await app.request(`/api/runs/${id}/files/stor_page1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('application/octet-stream');
    expect(page.headers.get('content-disposition')).toMatch(/^attachment;/);
    const pdf = await app.request(`/api/runs/${id}/files/stor_pdf1`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });
});
