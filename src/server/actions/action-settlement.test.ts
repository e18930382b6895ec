import { describe, expect, it } from 'vitest';
import type { RunView } from '@/contract/bff';
import { settlementOf, type PendingAction } from './action-settlement';

const answer: PendingAction = { action: 'interaction.submitted', runId: 'trun_a', requestId: 'rw_1', promptId: 'p1', promptType: 'mfa' };
const cancel: PendingAction = { action: 'run.canceled', runId: 'trun_a', requestId: 'rw_2' };

function view(status: RunView['status'], interaction: { promptId: string; type: string } | null = null, id = 'trun_a'): RunView {
  return {
    id,
    status,
    upstreamStatus: status ?? 'teleporting',
    result: null,
    taskId: null,
    agentId: null,
    sourceId: null,
    credentialId: null,
    sessionId: null,
    workflowId: null,
    runtimeMs: null,
    createdAt: '2026-03-02T10:00:00Z',
    updatedAt: '2026-03-02T10:00:00Z',
    canceledAt: null,
    output: null,
    errors: [],
    interaction: interaction ? { ...interaction, message: 'm', fields: [] } : null,
    upstreamRequestId: null,
    sectionProblems: [],
  };
}

describe('settlementOf an answer', () => {
  it('waits while the run works on it or still shows the answered prompt', () => {
    expect(settlementOf(answer, view('running'))).toBeNull();
    expect(settlementOf(answer, view('queued'))).toBeNull();
    expect(settlementOf(answer, view(null))).toBeNull();
    expect(settlementOf(answer, view('interaction_required', { promptId: 'p1', type: 'mfa' }))).toBeNull();
  });

  it('is rejected when a fresh prompt of the same kind waits', () => {
    expect(settlementOf(answer, view('interaction_required', { promptId: 'p2', type: 'mfa' }))).toEqual({
      outcome: 'rejected',
      detail: 'mfa: the website asked again',
    });
  });

  it('stands for a follow-up question of another kind, or when the run moves on', () => {
    expect(settlementOf(answer, view('interaction_required', { promptId: 'p2', type: 'security_question' }))).toBe('stands');
    for (const status of ['completed', 'failed', 'canceled', 'canceling', 'review_required'] as const) {
      expect(settlementOf(answer, view(status))).toBe('stands');
    }
  });

  it('ignores another run', () => {
    expect(settlementOf(answer, view('interaction_required', { promptId: 'p2', type: 'mfa' }, 'trun_b'))).toBeNull();
  });
});

describe('settlementOf a cancel', () => {
  it('is canceled once the run is', () => {
    expect(settlementOf(cancel, view('canceling'))).toBeNull();
    expect(settlementOf(cancel, view('canceled'))).toEqual({ outcome: 'canceled', detail: 'canceled' });
  });

  it('stays requested when the run ended otherwise first', () => {
    expect(settlementOf(cancel, view('completed'))).toMatchObject({ outcome: 'requested' });
  });
});
