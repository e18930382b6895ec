import { describe, expect, it } from 'vitest';
import type { RunIndexSnapshot } from '../store/event-store';
import { aggregateFailures, MAX_FAILURE_GROUPS, type FailureWindowBounds } from './failure-aggregate';

const FROM = Date.parse('2026-11-29T09:00:00.000Z');
const HOUR: FailureWindowBounds = { preset: '1h', fromMs: FROM, toMs: FROM + 3_600_000, bucketMs: 5 * 60_000 };

function failed(runId: string, minute: number, extra: Partial<RunIndexSnapshot> = {}): RunIndexSnapshot {
  const at = new Date(FROM + minute * 60_000).toISOString();
  return {
    runId,
    status: 'failed',
    upstreamStatus: 'failed',
    result: 'failure',
    taskId: 'task_a',
    agentId: null,
    sourceId: 'src_a',
    credentialId: null,
    sessionId: null,
    workflowId: null,
    runtimeMs: null,
    createdAt: at,
    updatedAt: at,
    errorCodes: [],
    interactionType: null,
    ...extra,
  };
}

const sourceDown = { errorCodes: ['source_not_available'], errors: [{ type: 'source', code: 'source_not_available' }] };

describe('aggregateFailures', () => {
  it('puts each failure in the bucket of its failure time, and keeps times outside the window at its edges', () => {
    const report = aggregateFailures(
      [
        failed('trun_1', 0, sourceDown),
        failed('trun_2', 7, sourceDown),
        failed('trun_3', 59, sourceDown),
        // Created in the window, failed after its end: counted in the last bucket.
        failed('trun_4', 30, { ...sourceDown, updatedAt: new Date(FROM + 2 * 3_600_000).toISOString() }),
      ],
      HOUR,
      false,
    );
    expect(report.series).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(report.byError).toHaveLength(1);
    expect(report.byError[0]).toMatchObject({
      group: 'source',
      runs: 4,
      firstSeen: new Date(FROM).toISOString(),
      lastSeen: new Date(HOUR.toMs).toISOString(),
      series: report.series,
    });
  });

  it('counts a run once in the shares (by its first error) and once under each distinct error', () => {
    const report = aggregateFailures(
      [
        failed('trun_1', 1, {
          errorCodes: ['auth_invalid', 'timeout', 'auth_invalid'],
          errors: [
            { type: 'auth', code: 'auth_invalid' },
            { type: 'session', code: 'timeout' },
            { type: 'auth', code: 'auth_invalid' },
          ],
        }),
        failed('trun_2', 2, { errorCodes: ['timeout'], errors: [{ type: 'task', code: 'timeout' }] }),
      ],
      HOUR,
      false,
    );
    expect(report.total).toBe(2);
    expect(report.shares).toEqual([
      { group: 'platform', runs: 1 },
      { group: 'request', runs: 1 },
      { group: 'source', runs: 0 },
      { group: 'unknown', runs: 0 },
    ]);
    // Same code, different types: two groups; the latest failure first among equals, then as met.
    expect(report.byError.map(({ type, code, runs }) => [type, code, runs])).toEqual([
      ['task', 'timeout', 1],
      ['auth', 'auth_invalid', 1],
      ['session', 'timeout', 1],
    ]);
  });

  it('counts runs whose errors are not known, or known only by code, as unknown, and says how many are pending', () => {
    const report = aggregateFailures(
      [failed('trun_1', 1), failed('trun_2', 2, { errors: [] }), failed('trun_3', 3, { errorCodes: ['odd'], errors: null })],
      HOUR,
      false,
    );
    expect(report.errorsPending).toBe(1);
    expect(report.shares.find((share) => share.group === 'unknown')?.runs).toBe(3);
    expect(report.byError.map(({ group, type, code, runs }) => [group, type, code, runs])).toEqual([
      ['unknown', null, null, 2],
      ['unknown', null, 'odd', 1],
    ]);
  });

  it('groups by source and task with the error most of their runs had, null ids included', () => {
    const report = aggregateFailures(
      [
        failed('trun_1', 1, { ...sourceDown, sourceId: 'src_bank' }),
        failed('trun_2', 2, { ...sourceDown, sourceId: 'src_bank' }),
        failed('trun_3', 3, { sourceId: 'src_bank', errorCodes: ['auth_invalid'], errors: [{ type: 'auth', code: 'auth_invalid' }] }),
        failed('trun_4', 4, { ...sourceDown, sourceId: null, taskId: null }),
      ],
      HOUR,
      true,
    );
    expect(report.bySource.map(({ sourceId, runs, topError }) => ({ sourceId, runs, topError }))).toEqual([
      { sourceId: 'src_bank', runs: 3, topError: { group: 'source', code: 'source_not_available', runs: 2 } },
      { sourceId: null, runs: 1, topError: { group: 'source', code: 'source_not_available', runs: 1 } },
    ]);
    expect(report.byTask.map(({ taskId, runs }) => [taskId, runs])).toEqual([
      ['task_a', 3],
      [null, 1],
    ]);
    expect(report.truncated).toBe(true);
  });

  it('lists at most the top groups and reports an empty window as zeros', () => {
    const many = Array.from({ length: MAX_FAILURE_GROUPS + 10 }, (_, i) =>
      failed(`trun_${i}`, i % 60, { errorCodes: [`code_${i}`], errors: [{ type: 'api', code: `code_${i}` }], sourceId: `src_${i}` }),
    );
    expect(aggregateFailures(many, HOUR, false).byError).toHaveLength(MAX_FAILURE_GROUPS);
    expect(aggregateFailures(many, HOUR, false).bySource).toHaveLength(MAX_FAILURE_GROUPS);
    const empty = aggregateFailures([], HOUR, false);
    expect(empty).toMatchObject({ total: 0, byError: [], bySource: [], byTask: [], errorsPending: 0 });
    expect(empty.series).toEqual(new Array(12).fill(0));
    expect(empty.shares.every((share) => share.runs === 0)).toBe(true);
  });
});
