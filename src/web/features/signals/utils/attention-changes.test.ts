import { describe, expect, it } from 'vitest';
import type { AttentionResponse, AttentionRun } from '@/contract/attention';
import { attentionChanges, describeSignal } from './attention-changes';

function run(runId: string, status: AttentionRun['status'], updatedAt = '2026-11-29T10:00:00.000Z'): AttentionRun {
  return { runId, status, upstreamStatus: status ?? 'mystery', taskId: 'task_pay', sourceId: 'src_shop', interactionType: null, updatedAt };
}

function poll(needsHuman: AttentionRun[], watched: AttentionRun[] = [], generatedAt = '2026-11-29T10:05:00.000Z'): AttentionResponse {
  return { needsHuman, needsHumanCount: needsHuman.length, watched, generatedAt };
}

describe('attentionChanges', () => {
  it('raises nothing for what was already there when the tab opened', () => {
    const first = attentionChanges(null, poll([run('trun_a', 'interaction_required')], [run('trun_w', 'failed', '2026-11-29T10:04:00.000Z')]));
    expect(first.signals).toEqual([]);
    const again = attentionChanges(first.memory, poll([run('trun_a', 'interaction_required')], [run('trun_w', 'failed', '2026-11-29T10:04:00.000Z')]));
    expect(again.signals).toEqual([]);
  });

  it('signals a run that starts waiting once, and again when it waits anew after working', () => {
    let state = attentionChanges(null, poll([]));
    state = attentionChanges(state.memory, poll([run('trun_b', 'interaction_required')]));
    expect(state.signals.map((s) => [s.kind, s.run.runId])).toEqual([['needs_human', 'trun_b']]);
    state = attentionChanges(state.memory, poll([run('trun_b', 'interaction_required')]));
    expect(state.signals).toEqual([]);
    state = attentionChanges(state.memory, poll([]));
    state = attentionChanges(state.memory, poll([run('trun_b', 'interaction_required')]));
    expect(state.signals).toHaveLength(1);
  });

  it('signals a watched run that completes or fails, and one that finished after the tab opened', () => {
    let state = attentionChanges(null, poll([], [run('trun_w1', 'running'), run('trun_w2', 'running')]));
    state = attentionChanges(
      state.memory,
      poll([], [run('trun_w1', 'completed'), run('trun_w2', 'failed'), run('trun_w3', 'failed', '2026-11-29T10:06:00.000Z')]),
    );
    expect(state.signals.map((s) => [s.kind, s.run.runId])).toEqual([
      ['watched_completed', 'trun_w1'],
      ['watched_failed', 'trun_w2'],
      ['watched_failed', 'trun_w3'],
    ]);
    state = attentionChanges(state.memory, poll([], [run('trun_w1', 'completed'), run('trun_w2', 'failed')]));
    expect(state.signals).toEqual([]);
  });

  it('does not signal a watched run that was canceled or pinned after it had already finished', () => {
    let state = attentionChanges(null, poll([], [run('trun_c', 'running')]));
    state = attentionChanges(state.memory, poll([], [run('trun_c', 'canceled'), run('trun_old', 'completed', '2026-11-29T09:00:00.000Z')]));
    expect(state.signals).toEqual([]);
  });

  it('describes a signal by task and site', () => {
    expect(describeSignal({ kind: 'needs_human', run: { ...run('trun_d', 'interaction_required'), interactionType: 'mfa' } })).toEqual({
      title: 'Needs you: mfa prompt',
      body: 'task task_pay · site src_shop',
    });
  });
});
