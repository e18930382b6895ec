import { describe, expect, it } from 'vitest';
import type { InteractionView, RunView } from '@/contract/bff';
import { BoardPrompts } from './board-prompts';

const prompt = (promptId: string): InteractionView => ({
  promptId,
  type: 'mfa',
  message: 'Enter the code',
  fields: [{ name: 'code', type: 'string', label: 'Code', options: null }],
});

function waitingView(runId: string, updatedAt: string, promptId: string): RunView {
  return { id: runId, status: 'interaction_required', updatedAt, interaction: prompt(promptId) } as RunView;
}

/** A run read that answers when told to, counting calls. */
function controlledReads() {
  const calls: string[] = [];
  const pending: Array<{ runId: string; resolve: (view: RunView) => void; reject: (error: Error) => void }> = [];
  return {
    calls,
    pending,
    readRun: (runId: string) =>
      new Promise<RunView>((resolve, reject) => {
        calls.push(runId);
        pending.push({ runId, resolve, reject });
      }),
  };
}

describe('BoardPrompts', () => {
  it('reads a waiting run once for any number of polls until its updated_at changes', async () => {
    const reads = controlledReads();
    const prompts = new BoardPrompts({ readRun: reads.readRun, waitMs: 0 });
    const run = { runId: 'trun_A', updatedAt: '2026-11-29T10:00:00Z' };

    expect((await prompts.promptsFor([run])).get('trun_A')).toEqual({ state: 'loading' });
    await prompts.promptsFor([run]);
    reads.pending[0]!.resolve(waitingView('trun_A', run.updatedAt, 'p1'));
    await new Promise((r) => setTimeout(r, 0));
    for (let i = 0; i < 5; i++) expect((await prompts.promptsFor([run])).get('trun_A')).toEqual({ state: 'ready', interaction: prompt('p1') });
    expect(reads.calls).toEqual(['trun_A']);

    // A fresh prompt (the run changed again) is read once more.
    const changed = { runId: 'trun_A', updatedAt: '2026-11-29T10:03:00Z' };
    await prompts.promptsFor([changed]);
    expect(reads.calls).toEqual(['trun_A', 'trun_A']);
  });

  it('answers for the updated_at the read itself returned, so a newer read does not cause another', async () => {
    const reads = controlledReads();
    const prompts = new BoardPrompts({ readRun: reads.readRun, waitMs: 1_000 });
    const first = prompts.promptsFor([{ runId: 'trun_B', updatedAt: 't1' }]);
    reads.pending[0]!.resolve(waitingView('trun_B', 't2', 'p2'));
    expect((await first).get('trun_B')).toMatchObject({ state: 'ready' });
    expect((await prompts.promptsFor([{ runId: 'trun_B', updatedAt: 't2' }])).get('trun_B')).toMatchObject({ state: 'ready' });
    expect(reads.calls).toHaveLength(1);
  });

  it('says a failed read is unavailable and tries again only after the pause', async () => {
    let now = 0;
    const reads = controlledReads();
    const prompts = new BoardPrompts({ readRun: reads.readRun, waitMs: 1_000, retryAfterMs: 15_000, now: () => now });
    const run = { runId: 'trun_C', updatedAt: 't1' };
    const first = prompts.promptsFor([run]);
    reads.pending[0]!.reject(new Error('upstream down'));
    expect((await first).get('trun_C')).toEqual({ state: 'unavailable' });
    now = 10_000;
    expect((await prompts.promptsFor([run])).get('trun_C')).toEqual({ state: 'unavailable' });
    expect(reads.calls).toHaveLength(1);
    now = 15_000;
    const retried = prompts.promptsFor([run]);
    reads.pending[1]!.resolve(waitingView('trun_C', 't1', 'p3'));
    expect((await retried).get('trun_C')).toMatchObject({ state: 'ready' });
    expect(reads.calls).toHaveLength(2);
  });

  it('forgets runs that stopped waiting', async () => {
    const reads = controlledReads();
    const prompts = new BoardPrompts({ readRun: reads.readRun, waitMs: 1_000 });
    const first = prompts.promptsFor([{ runId: 'trun_D', updatedAt: 't1' }]);
    reads.pending[0]!.resolve(waitingView('trun_D', 't1', 'p4'));
    await first;
    expect((await prompts.promptsFor([])).size).toBe(0);
    // Waiting again (even with the same updated_at) means a new read.
    await prompts.promptsFor([{ runId: 'trun_D', updatedAt: 't1' }]);
    expect(reads.calls).toHaveLength(2);
  });
});
