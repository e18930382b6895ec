import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  isUnreadableRunRow,
  runListResponseSchema,
  runRawResponseSchema,
  runResponseSchema,
  timelineResponseSchema,
  type RunListResponse,
  type RunRawResponse,
  type RunResponse,
} from '@/contract/bff';
import { startScriptedHarness, type ScriptedHarness } from '../testing/scripted-upstream-harness';
import { isDeeperThan } from './json-depth';
import { SIGNED_URL_REMOVED, VAULTED_VALUE_REMOVED } from './raw-run';

/**
 * The reader against payloads our simulator never sends, served by a scripted upstream over real
 * HTTP: each tolerant case answers 200 with an honest marker, never 502.
 */

let h: ScriptedHarness;
beforeAll(async () => {
  h = await startScriptedHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.upstream.requests.length = 0;
});

const RUN_ID = 'trun_Tolerant01';

function run(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: RUN_ID,
    object: 'task_run',
    status: 'running',
    result: null,
    task_id: 'task_F3kd81Ws',
    credential_id: null,
    session_id: 'sess_K1v9Rt4e',
    agent_id: 'agt_2Wc8Yb5m',
    source_id: 'src_Pz4Lq0Nd',
    runtime_ms: 18250,
    output: null,
    errors: null,
    interaction: null,
    created_at: '2026-03-02T10:14:03Z',
    updated_at: '2026-03-02T10:14:21Z',
    request_id: 'req_d41c7b2e90',
    ...overrides,
  };
}

async function readRun(body: unknown, include = ''): Promise<RunResponse> {
  h.upstream.setRun(RUN_ID, body);
  const response = await h.get(`/api/runs/${RUN_ID}${include ? `?include=${include}` : ''}`);
  expect(response.status, response.text.slice(0, 300)).toBe(200);
  return runResponseSchema.parse(response.json());
}

const ALL = 'input,storage,artifacts';

describe('one run, read liberally', () => {
  it('passes an unknown status on as null with the raw text, and keeps it out of the finished runs', async () => {
    const { run: view } = await readRun(run({ status: 'paused_by_operator' }));
    expect(view).toMatchObject({ status: null, upstreamStatus: 'paused_by_operator', sectionProblems: [] });
    const timeline = await h.get(`/api/runs/${RUN_ID}/timeline`);
    expect(timeline.status).toBe(200);
    expect(() => timelineResponseSchema.parse(timeline.json())).not.toThrow();
  });

  it('shows error items whatever they carry: no code, no type, an unknown code, no message, extra fields', async () => {
    const { run: view } = await readRun(
      run({
        status: 'failed',
        result: 'failure',
        errors: [
          { message: 'The site went away.' },
          { type: 'storage', code: 'quota_gone_sideways', message: null, retry_hint: 'later', detail: { slot: 3 } },
          { type: 'task', code: 'timeout', message: 'Run exceeded 3 minutes.', field: null },
        ],
      }),
    );
    expect(view.errors).toEqual([
      { type: null, code: null, message: 'The site went away.', field: null },
      { type: 'storage', code: 'quota_gone_sideways', message: '', field: null, extra: { retry_hint: 'later', detail: { slot: 3 } } },
      { type: 'task', code: 'timeout', message: 'Run exceeded 3 minutes.', field: null },
    ]);
  });

  it('reads every optional part given as null, and shows requested-but-null sections as none captured', async () => {
    const { run: view } = await readRun(
      run({
        status: 'completed',
        result: 'success',
        runtime_ms: null,
        agent_id: null,
        input: null,
        storage: null,
        artifacts: null,
      }),
      ALL,
    );
    expect(view).toMatchObject({ runtimeMs: null, agentId: null, input: null, vaultedFields: [], files: [], screenshots: [], sectionProblems: [] });
  });

  it('reads artifacts without screenshots, and empty sections, as none captured', async () => {
    for (const sections of [{ artifacts: {}, storage: [] }, { artifacts: { screenshots: null } }, { artifacts: { screenshots: [] }, input: '' }]) {
      const { run: view } = await readRun(run(sections), ALL);
      expect(view).toMatchObject({ files: [], screenshots: [], input: null, sectionProblems: [] });
    }
  });

  it('reads files and screenshots with null types, sizes, reasoning and links', async () => {
    const { run: view } = await readRun(
      run({
        storage: [
          { id: 'stor_Wn4Cq8Tz2e', object: 'storage', file_name: 'a.pdf', file_type: null, file_size: null, created_at: null, url: null, extraction: null },
        ],
        artifacts: {
          screenshots: [{ file_name: 'a.png', file_type: null, file_size: null, created_at: '2026-03-02T10:14:05Z', url: null, reasoning: null }],
        },
      }),
      ALL,
    );
    expect(view.files).toEqual([
      { id: 'stor_Wn4Cq8Tz2e', fileName: 'a.pdf', fileType: '', fileSize: null, createdAt: null, downloadUrl: null, extraction: null },
    ]);
    expect(view.screenshots).toEqual([
      {
        index: 0,
        fileName: 'a.png',
        fileType: '',
        fileSize: null,
        createdAt: '2026-03-02T10:14:05Z',
        imageUrl: `/api/runs/${RUN_ID}/screenshots/0`,
        reasoning: '',
      },
    ]);
  });

  it('reads the middle revision: include=screenshots as a top-level array, cancelling, tokenized_fields', async () => {
    const { run: view } = await readRun(
      run({
        status: 'cancelling',
        input: { month: '2026-02' },
        tokenized_fields: ['account_number'],
        screenshots: [
          {
            file_name: 'b.png',
            file_type: 'image/png',
            file_size: 4,
            created_at: '2026-03-02T10:14:05Z',
            url: 'https://files.example.invalid/b.png?sig=x',
            reasoning: 'r',
          },
        ],
        workflow_id: 'wflo_1',
        canceled_at: '',
      }),
      ALL,
    );
    expect(view).toMatchObject({
      status: 'canceling',
      upstreamStatus: 'cancelling',
      vaultedFields: ['account_number'],
      workflowId: 'wflo_1',
      canceledAt: null,
    });
    expect(view.screenshots).toHaveLength(1);
  });

  it('degrades only the screenshots that cannot be read, and says how many', async () => {
    const good = {
      file_name: 'a.png',
      file_type: 'image/png',
      file_size: 5,
      created_at: '2026-03-02T10:14:05Z',
      url: 'https://files.example.invalid/a.png?sig=x',
      reasoning: 'r',
    };
    const { run: view } = await readRun(run({ artifacts: { screenshots: [good, 'not a screenshot', { ...good, file_size: 'big' }, good] } }), ALL);
    expect(view.screenshots).toHaveLength(2);
    expect(view.sectionProblems).toEqual([{ section: 'screenshots', problem: '2 of 4 screenshots could not be read' }]);
  });

  it('keeps the run readable when the prompt cannot be read, and names it', async () => {
    const { run: view } = await readRun(run({ status: 'interaction_required', interaction: { message: 'no type here', fields: 7 } }));
    expect(view.interaction).toBeNull();
    expect(view.sectionProblems).toHaveLength(1);
    expect(view.sectionProblems[0]?.section).toBe('interaction');
  });

  it('reads a prompt with null message, labels and field types, and field names that are object keys elsewhere', async () => {
    const { run: view } = await readRun(
      run({
        status: 'interaction_required',
        interaction: {
          type: 'security_question',
          message: null,
          fields: [{ name: '__proto__', type: null, label: null }, { name: 'constructor', type: 'string', label: 'Constructor' }, { name: 'toString' }],
          hint: 'extra',
        },
      }),
    );
    expect(view.interaction).toMatchObject({
      type: 'security_question',
      message: '',
      fields: [
        { name: '__proto__', type: 'string', label: '__proto__', options: null },
        { name: 'constructor', type: 'string', label: 'Constructor', options: null },
        { name: 'toString', type: 'string', label: 'toString', options: null },
      ],
    });
  });

  it('gives the waiting prompt a stable id, and a new one for a fresh prompt', async () => {
    const interaction = { type: 'mfa', message: 'Code?', fields: [{ name: 'code', type: 'string', label: 'Code' }] };
    const first = (await readRun(run({ status: 'interaction_required', interaction }))).run.interaction?.promptId;
    const again = (await readRun(run({ status: 'interaction_required', interaction }))).run.interaction?.promptId;
    const fresh = (await readRun(run({ status: 'interaction_required', interaction, updated_at: '2026-03-02T10:15:00Z' }))).run.interaction?.promptId;
    const otherMessage = (await readRun(run({ status: 'interaction_required', interaction: { ...interaction, message: 'Wrong code. Code?' } }))).run.interaction
      ?.promptId;
    expect(first).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(again).toBe(first);
    expect(fresh).not.toBe(first);
    expect(otherMessage).not.toBe(first);
  });

  it('withholds an output nested 5,000 levels deep with a note, and keeps the run readable', async () => {
    const { run: view } = await readRun(withDeepOutput(run({ status: 'completed', result: 'success' }), 5000), ALL);
    expect(view.output).toBeNull();
    expect(view.sectionProblems).toEqual([{ section: 'output', problem: 'nested deeper than 1,000 levels; download the raw JSON' }]);
    expect(view.status).toBe('completed');
  });

  it('answers 502 with a clear message only for a run without the fields every run has', async () => {
    // A run never read before: a run read earlier would be served from its last good copy.
    h.upstream.setRun('trun_NeverRead', { id: 'trun_NeverRead', status: 'running' });
    const response = await h.get('/api/runs/trun_NeverRead');
    expect(response.status).toBe(502);
    expect(response.text).toContain('created_at');
  });
});

describe('raw JSON', () => {
  it('returns what the upstream sent, unknown fields included, without signed URLs, vaulted values or keys', async () => {
    h.upstream.setRun(
      RUN_ID,
      JSON.stringify(
        run({
          brand_new_field: { nested: [1, 2] },
          output: { note: 'token sk_live_abcdefghijklmnop0123 and Bearer abc.def.ghi', link: 'https://files.example.invalid/x.pdf?sig=s3cr3t' },
          input: { month: '2026-02', account_number: '12345678' },
          vaulted_fields: ['account_number'],
          storage: [{ id: 'stor_Wn4Cq8Tz2e', file_name: 'a.pdf', url: 'https://files.example.invalid/a?sig=s3cr3t' }],
        }),
      ).replace('"brand_new_field"', '"__proto__":{"polluted":true},"brand_new_field"'),
    );
    const response = await h.get(`/api/runs/${RUN_ID}/raw`);
    expect(response.status).toBe(200);
    const body = runRawResponseSchema.parse(response.json()) as RunRawResponse & { raw: Record<string, unknown> };
    expect(body.runId).toBe(RUN_ID);
    expect(h.upstream.requests.at(-1)?.query.get('include')).toBe('input,storage,artifacts');
    expect(body.raw.brand_new_field).toEqual({ nested: [1, 2] });
    expect(Object.hasOwn(body.raw, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(body.raw.input).toEqual({ month: '2026-02', account_number: VAULTED_VALUE_REMOVED });
    expect(response.text).not.toContain('s3cr3t');
    expect(response.text).not.toContain('sk_live_abcdefghijklmnop0123');
    expect(response.text).not.toContain('abc.def.ghi');
    expect(response.text).toContain(SIGNED_URL_REMOVED);
  });

  it('serves an output nested 5,000 levels deep in full', async () => {
    h.upstream.setRun(RUN_ID, withDeepOutput(run(), 5000));
    const response = await h.get(`/api/runs/${RUN_ID}/raw`);
    expect(response.status).toBe(200);
    const body = JSON.parse(response.text) as { raw: { output: unknown } };
    expect(isDeeperThan(body.raw.output, 4999)).toBe(true);
    expect(isDeeperThan(body.raw.output, 5000)).toBe(false);
  });

  it('is open to viewers only when signed in', async () => {
    h.upstream.setRun(RUN_ID, run());
    expect((await h.get(`/api/runs/${RUN_ID}/raw`, 'viewer')).status).toBe(200);
    expect((await h.get(`/api/runs/${RUN_ID}/raw`, 'none')).status).toBe(401);
  });
});

describe('the runs list', () => {
  function page(data: unknown[]) {
    return { data, has_more: null, next_cursor: null, request_id: 'req_page' };
  }

  it('serves every readable run and marks the ones it cannot read', async () => {
    h.upstream.setList(
      page([
        run({ id: 'trun_first' }),
        { id: 'trun_nostamps', status: 'running' },
        'not a run',
        run({ id: 'trun_unknown', status: 'teleporting' }),
        run({ id: 'trun_badcore', status: 42 }),
        run({ id: 'trun_last', status: 'failed', errors: [{ message: 'x' }] }),
      ]),
    );
    const response = await h.get('/api/runs');
    expect(response.status).toBe(200);
    const body = runListResponseSchema.parse(response.json()) as RunListResponse;
    expect(body.hasMore).toBe(false);
    expect(body.runs.map((row) => (isUnreadableRunRow(row) ? `unreadable:${row.id}` : `${row.id}:${row.status}`))).toEqual([
      'trun_first:running',
      'unreadable:trun_nostamps',
      'unreadable:null',
      'trun_unknown:null',
      'unreadable:trun_badcore',
      'trun_last:failed',
    ]);
    const unreadable = body.runs[1];
    expect(unreadable).toMatchObject({ unreadable: true, upstreamStatus: 'running' });
    expect(isUnreadableRunRow(unreadable!) && unreadable.problem).toContain('created_at');
  });

  it('keeps each row small whatever the run holds (a 5 MB output)', async () => {
    const big = { blob: 'x'.repeat(5 * 1024 * 1024) };
    const longMessage = 'y'.repeat(10_000);
    h.upstream.setList(
      page([
        run({
          id: 'trun_huge',
          status: 'interaction_required',
          output: big,
          input: { note: longMessage },
          errors: Array.from({ length: 50 }, () => ({ type: 'task', code: 'timeout', message: longMessage, hint: longMessage })),
          interaction: { type: 'mfa', message: longMessage, fields: [{ name: 'code', type: 'string', label: 'Code' }] },
          storage: [{ id: 'stor_1', file_name: 'a', extraction: { note: longMessage } }],
        }),
      ]),
    );
    const response = await h.get('/api/runs');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cache')).toBe('MISS');
    const body = runListResponseSchema.parse(response.json()) as RunListResponse;
    const row = body.runs[0]!;
    expect(row.id).toBe('trun_huge');
    expect(isUnreadableRunRow(row)).toBe(false);
    expect(Buffer.byteLength(JSON.stringify(row))).toBeLessThanOrEqual(1024);
    expect(row).toMatchObject({ hasOutput: true, outputEncrypted: false, errorCount: 50 });
    const errors = isUnreadableRunRow(row) ? [] : row.errors;
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.length).toBeLessThanOrEqual(3);
    for (const error of errors) expect(error.message.length).toBeLessThanOrEqual(200);
    expect(response.text.length).toBeLessThan(2048);
  });

  it('lists a run whose output is nested 5,000 levels deep', async () => {
    h.upstream.setList(`{"data":[${withDeepOutput(run({ id: 'trun_deep' }), 5000)}],"has_more":false,"next_cursor":null}`);
    const response = await h.get('/api/runs');
    expect(response.status).toBe(200);
    const body = runListResponseSchema.parse(response.json()) as RunListResponse;
    expect(body.runs[0]).toMatchObject({ id: 'trun_deep', hasOutput: true });
  });

  it('reads a page without has_more by whether a cursor came back', async () => {
    h.upstream.setList({ data: [run()], next_cursor: 'opaque-cursor-1' });
    const more = runListResponseSchema.parse((await h.get('/api/runs')).json());
    expect(more).toMatchObject({ hasMore: true, nextCursor: 'opaque-cursor-1' });
    h.upstream.setList({ data: [run()], has_more: null, next_cursor: null });
    expect(runListResponseSchema.parse((await h.get('/api/runs')).json())).toMatchObject({ hasMore: false, nextCursor: null });
  });

  it('says when an output is encrypted', async () => {
    h.upstream.setList(page([run({ status: 'completed', result: 'success', output: 'enc_AAAA' })]));
    const body = runListResponseSchema.parse((await h.get('/api/runs')).json()) as RunListResponse;
    expect(body.runs[0]).toMatchObject({ hasOutput: true, outputEncrypted: true });
  });
});

/**
 * The run's JSON text with `output` set to `{"a":{"a":…1}}`, `depth` levels deep. Built as text:
 * JSON.stringify itself cannot write a value that deep.
 */
function withDeepOutput(body: Record<string, unknown>, depth: number): string {
  return JSON.stringify({ ...body, output: 'DEEP' }).replace('"output":"DEEP"', `"output":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}
