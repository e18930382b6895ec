import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/contract/audit';
import type { RunView } from '@/contract/bff';
import { runBundleSchema } from '@/contract/bundle';
import type { UpstreamJsonObject } from '@/contract/upstream';
import { QUERY_REMOVED, scrubBundleText, scrubBundleValue } from './bundle-redaction';
import { buildRunBundle } from './run-bundle';

const VAULTED = 'acct-4471-0099-VAULTED';
const SIGNATURE = 'sig=Zx81kQpP0aa';
const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const ANSWER = 'Biscuit-answer-77';

function view(overrides: Partial<RunView> = {}): RunView {
  return {
    id: 'trun_bundle01',
    status: 'failed',
    upstreamStatus: 'failed',
    result: 'failure',
    taskId: 'task_F3kd81Ws',
    agentId: 'agt_2Wc8Yb5m',
    sourceId: 'src_Pz4Lq0Nd',
    credentialId: 'cred_0Ke5Vd3r',
    sessionId: 'sess_Lm7Xw2Aq',
    workflowId: null,
    runtimeMs: 263004,
    createdAt: '2026-03-02T11:02:10Z',
    updatedAt: '2026-03-02T11:06:33Z',
    canceledAt: null,
    output: { receipt: `https://files.example.invalid/r.pdf?${SIGNATURE}&expires=1772445680`, total: 3 },
    errors: [
      { type: 'auth', code: 'auth_invalid', message: `Credentials rejected (request authorized with Bearer ${KEY})`, field: null },
      { type: null, code: null, message: 'Something odd', field: null },
    ],
    interaction: null,
    upstreamRequestId: 'req_read01',
    input: { statement_month: '2026-02', account_number: VAULTED },
    vaultedFields: ['account_number'],
    files: [
      {
        id: 'stor_Wn4Cq8Tz2e',
        fileName: 'statement.pdf',
        fileType: 'application/pdf',
        fileSize: 10,
        createdAt: null,
        downloadUrl: '/api/runs/trun_bundle01/files/stor_Wn4Cq8Tz2e',
        extraction: null,
      },
    ],
    screenshots: [],
    sectionProblems: [],
    ...overrides,
  };
}

function wire(): UpstreamJsonObject {
  return {
    id: 'trun_bundle01',
    status: 'failed',
    input: { statement_month: '2026-02', account_number: VAULTED },
    vaulted_fields: ['account_number'],
    artifacts: {
      screenshots: [{ file_name: 'a.png', url: `https://files.example.invalid/shots/1.png?${SIGNATURE}`, reasoning: 'Opened the login page.' }],
    },
    errors: [{ type: 'auth', code: 'auth_invalid', message: `Bearer ${KEY}` }],
  } as unknown as UpstreamJsonObject;
}

const auditEntry: AuditEntry = {
  id: '1',
  at: '2026-03-02T11:03:00Z',
  action: 'interaction.submitted',
  outcome: 'accepted',
  actor: 'operator-user',
  actorRole: 'operator',
  runId: 'trun_bundle01',
  subject: null,
  address: '203.0.113.9',
  requestId: 'rw_abc',
  upstreamRequestId: 'req_answer01',
  detail: 'security_question',
};

function build(overrides: Partial<RunView> = {}) {
  return buildRunBundle({
    view: view(overrides),
    wire: wire(),
    timeline: { runId: 'trun_bundle01', firstObservedAt: null, historyFrom: 'events', entries: [] },
    audit: [auditEntry],
    screenshots: [
      {
        position: 1,
        fileName: 'a.png',
        fileType: 'image/png',
        fileSize: 100,
        createdAt: null,
        reasoning: `Typed into https://bank.example/login?token=${SIGNATURE} and waited`,
        file: 'screenshots/001.png',
        omitted: null,
      },
    ],
    generatedBy: 'viewer-user',
    generatedAt: new Date('2026-03-02T12:00:00Z'),
  });
}

describe('run bundle document', () => {
  it('holds the run, its ids, explained errors, reasoning and the audit, in the contract shape', () => {
    const bundle = runBundleSchema.parse(build());
    expect(bundle.run).toMatchObject({ id: 'trun_bundle01', taskId: 'task_F3kd81Ws', sessionId: 'sess_Lm7Xw2Aq', credentialId: 'cred_0Ke5Vd3r' });
    expect(bundle.link).toBe('/runs/trun_bundle01');
    expect(bundle.errors.map((e) => [e.code, e.group])).toEqual([
      ['auth_invalid', 'request'],
      [null, 'unknown'],
    ]);
    expect(bundle.errors[0]!.groupMeaning).toMatch(/requested or answered/);
    expect(bundle.screenshots[0]!.reasoning).toContain('Typed into https://bank.example/login');
    expect(bundle.audit).toHaveLength(1);
    expect(bundle.requestIds).toEqual(['req_read01', 'req_answer01']);
    expect(bundle.run.files[0]).toMatchObject({ fileName: 'statement.pdf' });
    expect(bundle.run.input).toEqual({ statement_month: '2026-02' });
  });

  it('leaves out vaulted values, signed links, the key and audit addresses', () => {
    const text = JSON.stringify(build());
    expect(text).not.toContain(VAULTED);
    expect(text).not.toContain(SIGNATURE);
    expect(text).not.toContain('expires=');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('203.0.113.9');
    expect(text).not.toContain('downloadUrl');
    expect(text).not.toContain(ANSWER);
  });

  it('keeps a waiting prompt as its kind and message only', () => {
    const bundle = build({
      status: 'interaction_required',
      interaction: {
        promptId: 'p1',
        type: 'security_question',
        message: 'First pet?',
        fields: [{ name: 'answer', type: 'string', label: 'Answer', options: null }],
      },
    });
    expect(bundle.run.interaction).toEqual({ type: 'security_question', message: 'First pet?' });
  });
});

describe('bundle text scrubbing', () => {
  it('cuts the query and fragment of every URL in a text, keeping the rest', () => {
    expect(scrubBundleText('see https://h.example/a/b.png?x=1&sig=2 now')).toBe(`see https://h.example/a/b.png${QUERY_REMOVED} now`);
    expect(scrubBundleText('(http://h.example/p#token=abc)')).toBe(`(http://h.example/p${QUERY_REMOVED})`);
    expect(scrubBundleText('no links here?')).toBe('no links here?');
  });

  it('redacts keys and bearer tokens, in keys as well as values, at any depth', () => {
    let deep: unknown = { leaf: `Bearer ${KEY}` };
    for (let i = 0; i < 5000; i++) deep = { level: deep };
    const text = JSON.stringify(scrubBundleValue({ [KEY]: 'x', deep: [deep].length, list: [`${KEY}`] }));
    expect(text).not.toContain(KEY);
    const scrubbed = scrubBundleValue(deep) as Record<string, unknown>;
    let node: unknown = scrubbed;
    while (node && typeof node === 'object' && 'level' in node) node = (node as { level: unknown }).level;
    expect((node as { leaf: string }).leaf).not.toContain(KEY);
  });
});
