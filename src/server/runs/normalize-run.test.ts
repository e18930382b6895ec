import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { runRowSchema, runViewSchema } from '@/contract/bff';
import { normalizeRun } from './normalize-run';
import { readTaskRun } from './read-task-run';
import { toRunRow } from './run-row';

const base = {
  id: 'trun_2Hs6Jf0Vb8',
  object: 'task_run',
  status: 'completed',
  result: 'success',
  task_id: 'task_Bq5Zr7Lm',
  credential_id: 'cred_7Hn2QpZc',
  session_id: 'sess_K1v9Rt4e',
  agent_id: 'agt_2Wc8Yb5m',
  source_id: 'src_Pz4Lq0Nd',
  runtime_ms: 96411,
  output: { amount_due: 84.17 },
  errors: null,
  interaction: null,
  created_at: '2026-03-02T09:40:00Z',
  updated_at: '2026-03-02T09:41:38Z',
  request_id: 'req_5f2e6a9b31',
};

const wire = (overrides: Record<string, unknown>) => readTaskRun({ ...base, ...overrides });

describe('normalizeRun', () => {
  it('maps the core fields and returns a valid RunView', () => {
    const view = normalizeRun(wire({}));
    expect(runViewSchema.parse(view)).toEqual(view);
    expect(view).toMatchObject({
      id: 'trun_2Hs6Jf0Vb8',
      status: 'completed',
      upstreamStatus: 'completed',
      result: 'success',
      taskId: 'task_Bq5Zr7Lm',
      runtimeMs: 96411,
      output: { amount_due: 84.17 },
      errors: [],
      interaction: null,
      upstreamRequestId: 'req_5f2e6a9b31',
      workflowId: null,
      canceledAt: null,
    });
    expect(view).not.toHaveProperty('files');
    expect(view).not.toHaveProperty('input');
  });

  it('accepts older spellings and keeps the original', () => {
    expect(normalizeRun(wire({ status: 'cancelling', result: null }))).toMatchObject({ status: 'canceling', upstreamStatus: 'cancelling' });
    expect(normalizeRun(wire({ status: 'pending', result: null })).status).toBe('review_required');
  });

  it('passes an unknown status on as null with the raw text instead of guessing', () => {
    const view = normalizeRun(wire({ status: 'teleporting', result: null }));
    expect(view).toMatchObject({ status: null, upstreamStatus: 'teleporting', sectionProblems: [] });
    expect(runViewSchema.parse(view)).toEqual(view);
  });

  it('folds empty values', () => {
    const view = normalizeRun(wire({ status: 'queued', result: 'maybe', runtime_ms: 0, errors: [], output: '', task_id: '', agent_id: '', workflow_id: '' }));
    expect(view).toMatchObject({ result: null, runtimeMs: null, errors: [], output: null, taskId: null, agentId: null, workflowId: null });
    expect(normalizeRun(wire({ status: 'running', runtime_ms: 0 })).runtimeMs).toBe(0);
  });

  it('keeps an encrypted output string as it is', () => {
    expect(normalizeRun(wire({ output: 'enc_abc' })).output).toBe('enc_abc');
  });

  it('maps interactions, including optional choices', () => {
    const view = normalizeRun(
      wire({
        status: 'interaction_required',
        result: null,
        interaction: {
          type: 'account_selection',
          message: 'Pick one',
          fields: [{ name: 'account_id', type: 'string', label: '', options: ['A1', { value: 'A2', label: 'Savings' }] }],
        },
      }),
    );
    expect(view.interaction).toEqual({
      promptId: expect.any(String),
      type: 'account_selection',
      message: 'Pick one',
      fields: [
        {
          name: 'account_id',
          type: 'string',
          label: 'account_id',
          options: [
            { value: 'A1', label: 'A1' },
            { value: 'A2', label: 'Savings' },
          ],
        },
      ],
    });
  });

  it('rewrites every signed URL to a Runwatch route and reads any vaulted-field key', () => {
    const raw = wire({
      input: { statement_month: '2026-02' },
      tokenized_fields: ['account_number'],
      storage: [
        {
          id: 'stor_Wn4Cq8Tz2e',
          object: 'storage',
          file_name: 'statement.pdf',
          file_type: 'application/pdf',
          file_size: 182934,
          created_at: '2026-03-02T09:41:20Z',
          url: 'https://files.example.invalid/stor_Wn4Cq8Tz2e?sig=SECRET',
          extraction: { amount_due: 84.17 },
        },
        { id: 'stor_nourl', file_name: 'x.csv', file_type: 'text/csv', file_size: 1, created_at: '2026-03-02T09:41:20Z', url: null },
      ],
      artifacts: {
        screenshots: [
          {
            file_name: 'a.png',
            file_type: 'image/png',
            file_size: 5,
            created_at: '2026-03-02T09:40:07Z',
            url: 'https://files.example.invalid/0.png?sig=SECRET',
            reasoning: 'r0',
          },
        ],
      },
    });
    const view = normalizeRun(raw, new Set(['input', 'storage', 'artifacts']));
    expect(JSON.stringify(view)).not.toContain('SECRET');
    expect(view.input).toEqual({ statement_month: '2026-02' });
    expect(view.vaultedFields).toEqual(['account_number']);
    expect(view.files?.[0]).toMatchObject({ downloadUrl: '/api/runs/trun_2Hs6Jf0Vb8/files/stor_Wn4Cq8Tz2e', extraction: { amount_due: 84.17 } });
    expect(view.files?.[1]).toMatchObject({ downloadUrl: null, extraction: null });
    expect(view.screenshots).toEqual([
      {
        index: 0,
        fileName: 'a.png',
        fileType: 'image/png',
        fileSize: 5,
        createdAt: '2026-03-02T09:40:07Z',
        imageUrl: '/api/runs/trun_2Hs6Jf0Vb8/screenshots/0',
        reasoning: 'r0',
      },
    ]);
  });

  it('accepts the older top-level screenshots array and gives empty sections when requested but absent', () => {
    const legacy = wire({
      screenshots: [{ file_name: 'b.png', file_size: 1, created_at: '2026-03-02T09:40:07Z', url: 'https://x.invalid/b.png' }],
    });
    expect(normalizeRun(legacy, new Set(['artifacts'])).screenshots?.[0]?.imageUrl).toBe('/api/runs/trun_2Hs6Jf0Vb8/screenshots/0');
    const bare = normalizeRun(wire({}), new Set(['input', 'storage', 'artifacts']));
    expect(bare).toMatchObject({ input: null, vaultedFields: [], files: [], screenshots: [] });
  });

  it('makes a list row without output, input or sections', () => {
    const row = toRunRow(normalizeRun(wire({ input: { a: 1 } }), new Set(['input'])));
    expect(z.strictObject(runRowSchema.shape).parse(row)).toEqual(row);
    expect(row).toMatchObject({ hasOutput: true, outputEncrypted: false, errorCount: 0, interaction: null });
  });
});
