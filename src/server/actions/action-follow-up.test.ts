import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunView } from '@/contract/bff';
import type { AuditEntryKey, AuditOutcome } from '../audit/audit-entry';
import { silentLogger } from '../logger';
import { ActionFollowUp } from './action-follow-up';

function view(status: RunView['status']): RunView {
  return {
    id: 'trun_f',
    status,
    upstreamStatus: status ?? 'x',
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
    interaction: null,
    upstreamRequestId: null,
    sectionProblems: [],
  };
}

describe('ActionFollowUp', () => {
  let now = 0;
  let current: RunView = view('canceling');
  let reads = 0;
  const updates: Array<[AuditEntryKey, AuditOutcome]> = [];
  const audit = { record: () => {}, updateOutcome: (key: AuditEntryKey, outcome: AuditOutcome) => void updates.push([key, outcome]) };

  beforeEach(() => {
    vi.useFakeTimers();
    now = 0;
    reads = 0;
    updates.length = 0;
    current = view('canceling');
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const followUp = (overrides: Partial<ConstructorParameters<typeof ActionFollowUp>[0]> = {}) =>
    new ActionFollowUp({
      audit,
      log: silentLogger,
      now: () => now,
      readRun: async () => {
        reads += 1;
        return current;
      },
      ...overrides,
    });

  it('reads the run until it shows the outcome, settles the entry once, then stops reading', async () => {
    const watcher = followUp({ intervalMs: 100 });
    watcher.watch({ action: 'run.canceled', runId: 'trun_f', requestId: 'rw_1' });
    await vi.advanceTimersByTimeAsync(350);
    expect(reads).toBe(3);
    expect(updates).toEqual([]);
    current = view('canceled');
    await vi.advanceTimersByTimeAsync(100);
    expect(updates).toEqual([[expect.objectContaining({ action: 'run.canceled', runId: 'trun_f', requestId: 'rw_1' }), 'canceled']]);
    const readsWhenSettled = reads;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reads).toBe(readsWhenSettled);
    expect(watcher.pending('trun_f')).toEqual([]);
  });

  it('gives up after maxWatchMs, leaving the entry as audited', async () => {
    const watcher = followUp({ intervalMs: 100, slowIntervalMs: 100, maxWatchMs: 1_000 });
    watcher.watch({ action: 'run.canceled', runId: 'trun_f', requestId: 'rw_1' });
    for (let i = 0; i < 20; i++) {
      now += 100;
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(updates).toEqual([]);
    expect(watcher.pending('trun_f')).toEqual([]);
    expect(reads).toBeLessThanOrEqual(10);
  });

  it('does not read at all for a sink that cannot settle entries', async () => {
    const watcher = followUp({ audit: { record: () => {} }, intervalMs: 100 });
    watcher.watch({ action: 'run.canceled', runId: 'trun_f', requestId: 'rw_1' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(reads).toBe(0);
  });

  it('settles from a run seen elsewhere without waiting for its own read', () => {
    const watcher = followUp({ intervalMs: 60_000 });
    watcher.watch({ action: 'run.canceled', runId: 'trun_f', requestId: 'rw_1' });
    watcher.observe(view('canceled'));
    expect(updates.map(([, outcome]) => outcome)).toEqual(['canceled']);
    expect(reads).toBe(0);
  });
});
