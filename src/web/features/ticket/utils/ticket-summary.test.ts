import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/contract/audit';
import type { RunView, TimelineResponse } from '@/contract/bff';
import { buildTicketSummary, ticketTime, type TicketSummaryInput } from './ticket-summary';

function failedRun(overrides: Partial<RunView> = {}): RunView {
  return {
    id: 'trun_7Wq3Dz9Kp6',
    status: 'failed',
    upstreamStatus: 'failed',
    result: 'failure',
    taskId: 'task_F3kd81Ws',
    agentId: 'agt_2Wc8Yb5m',
    sourceId: 'src_Pz4Lq0Nd',
    credentialId: 'cred_0Ke5Vd3r',
    sessionId: 'sess_Lm7Xw2Aq',
    workflowId: null,
    runtimeMs: 263_004,
    createdAt: '2026-03-02T11:02:10Z',
    updatedAt: '2026-03-02T11:06:33Z',
    canceledAt: null,
    output: null,
    errors: [{ type: 'interaction', code: 'interaction_timeout', message: 'No verification code was submitted before the prompt expired.', field: null }],
    interaction: null,
    upstreamRequestId: 'req_c09b7d5a14',
    input: { statement_month: '2026-02', account_hint: 'do-not-copy-input' },
    sectionProblems: [],
    ...overrides,
  };
}

const timeline: TimelineResponse = {
  runId: 'trun_7Wq3Dz9Kp6',
  firstObservedAt: '2026-03-02T11:02:10Z',
  historyFrom: 'events',
  entries: [
    { status: 'queued', upstreamStatus: 'queued', observedAt: '2026-03-02T11:02:10Z', upstreamUpdatedAt: null, runtimeMs: null, result: null, errorCodes: [] },
    {
      status: 'interaction_required',
      upstreamStatus: 'interaction_required',
      observedAt: '2026-03-02T11:02:52Z',
      upstreamUpdatedAt: null,
      runtimeMs: 41_730,
      result: null,
      errorCodes: [],
    },
    {
      status: 'failed',
      upstreamStatus: 'failed',
      observedAt: '2026-03-02T11:06:33Z',
      upstreamUpdatedAt: null,
      runtimeMs: 263_004,
      result: 'failure',
      errorCodes: ['interaction_timeout'],
    },
  ],
};

const answerEntry: AuditEntry = {
  id: '7',
  at: '2026-03-02T11:03:00Z',
  action: 'interaction.submitted',
  outcome: 'rejected',
  actor: 'operator-user',
  actorRole: 'operator',
  runId: 'trun_7Wq3Dz9Kp6',
  subject: null,
  address: null,
  requestId: 'rw_1',
  upstreamRequestId: 'req_answer8e3a',
  detail: 'mfa',
};

function input(overrides: Partial<TicketSummaryInput> = {}): TicketSummaryInput {
  return {
    run: failedRun(),
    headline: 'Failed after 4 m 23 s — no code was given in time (interaction_timeout)',
    timeline,
    audit: [answerEntry],
    explain: () => ({
      headline: 'nobody answered the prompt in time',
      explanation: 'The website asked for input and no answer arrived before the prompt expired.',
      nextStep: 'Start a new run and answer the prompt promptly.',
      caveat: null,
    }),
    link: 'https://runwatch.example/runs/trun_7Wq3Dz9Kp6',
    readerTimeZone: 'Europe/Berlin',
    ...overrides,
  };
}

describe('ticket summary', () => {
  it('lists every id of the run', () => {
    const text = buildTicketSummary(input());
    for (const id of ['trun_7Wq3Dz9Kp6', 'task_F3kd81Ws', 'src_Pz4Lq0Nd', 'agt_2Wc8Yb5m', 'cred_0Ke5Vd3r', 'sess_Lm7Xw2Aq']) {
      expect(text).toContain(`\`${id}\``);
    }
    expect(text).not.toContain('Workflow');
  });

  it('gives the status history in UTC and the reader’s zone, oldest first', () => {
    const text = buildTicketSummary(input());
    const history = text.slice(text.indexOf('**Status history**'), text.indexOf('**Result:**'));
    expect(history.split('\n').filter((line) => line.startsWith('- '))).toEqual([
      '- 2026-03-02 11:02:10 UTC · 2026-03-02 12:02:10 CET (Europe/Berlin) — Queued',
      expect.stringMatching(/^- 2026-03-02 11:02:52 UTC · 2026-03-02 12:02:52 CET \(Europe\/Berlin\) — .+/),
      '- 2026-03-02 11:06:33 UTC · 2026-03-02 12:06:33 CET (Europe/Berlin) — Failed (result Failure; `interaction_timeout`)',
    ]);
  });

  it('shows UTC alone when the reader reads UTC', () => {
    expect(ticketTime('2026-03-02T11:02:10Z', null)).toBe('2026-03-02 11:02:10 UTC');
    expect(buildTicketSummary(input({ readerTimeZone: null }))).not.toContain('Europe/Berlin');
  });

  it('explains each error with its next step', () => {
    const text = buildTicketSummary(input());
    expect(text).toContain('1. `interaction` · `interaction_timeout`: No verification code was submitted before the prompt expired.');
    expect(text).toContain('   - What happened: The website asked for input');
    expect(text).toContain('   - Next step: Start a new run and answer the prompt promptly.');
  });

  it('names the request ids Runwatch knows: answers and cancels, and its latest read', () => {
    const text = buildTicketSummary(input());
    expect(text).toContain('- `req_answer8e3a` — answer (rejected) by operator-user at 2026-03-02 11:03:00 UTC');
    expect(text).toContain('- `req_c09b7d5a14` — Runwatch’s latest read of the run');
  });

  it('links back to the run and says the result', () => {
    const text = buildTicketSummary(input());
    expect(text).toContain('Link: https://runwatch.example/runs/trun_7Wq3Dz9Kp6');
    expect(text).toContain('**Result:** Failure · **Output:** none');
  });

  it('carries no input values and no links with signatures, and cannot be restyled by upstream text', () => {
    const text = buildTicketSummary(
      input({
        run: failedRun({
          errors: [{ type: 'source', code: 'source_error', message: 'Failed at https://bank.example/a?sig=SECRETSIG <b>**bold**</b> | col', field: null }],
        }),
      }),
    );
    expect(text).not.toContain('do-not-copy-input');
    expect(text).not.toContain('SECRETSIG');
    expect(text).toContain('https://bank.example/a?…');
    expect(text).toContain('\\<b\\>\\*\\*bold\\*\\*\\</b\\> \\| col');
  });

  it('says what could not be read instead of leaving it out silently', () => {
    const text = buildTicketSummary(input({ timeline: null, audit: null, run: failedRun({ upstreamRequestId: null }) }));
    expect(text).toContain('the status history could not be read');
    expect(text).toContain('the actions on this run could not be read');
  });

  it('marks an unrecognised status with the upstream’s own word', () => {
    const text = buildTicketSummary(input({ run: failedRun({ status: null, upstreamStatus: 'paused_by_policy', result: null, errors: [] }) }));
    expect(text).toContain('### Run `trun_7Wq3Dz9Kp6` — paused\\_by\\_policy (unrecognised)');
    expect(text).toContain('**Result:** not yet known');
    expect(text).not.toContain('**Errors**');
  });
});
