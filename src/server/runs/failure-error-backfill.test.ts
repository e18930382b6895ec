import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpstreamTaskRun } from '@/contract/upstream';
import { createLogger } from '../logger';
import type { RunIndexSnapshot } from '../store/event-store';
import { startHarness, type Harness } from '../testing/runwatch-harness';
import { FailureErrorBackfill } from './failure-error-backfill';

/**
 * The back-fill of failed runs' errors against the real simulator and a real SQLite index. The
 * harness follows no events here, so the index holds only what the test puts in and each pass is
 * driven by hand.
 */

let h: Harness;
let sourceDown: UpstreamTaskRun;
let authFailed: UpstreamTaskRun;

function failedWithoutErrors(run: { id: string; created_at: string }, updatedAt = run.created_at): RunIndexSnapshot {
  return {
    runId: run.id,
    status: 'failed',
    upstreamStatus: 'failed',
    result: 'failure',
    taskId: null,
    agentId: null,
    sourceId: null,
    credentialId: null,
    sessionId: null,
    workflowId: null,
    runtimeMs: null,
    createdAt: run.created_at,
    updatedAt,
    errorCodes: [],
    interactionType: null,
  };
}

const runReads = async () => (await h.upstreamRequests()).filter((r) => r.method === 'GET' && /\/task-runs\/trun_/.test(r.path));

beforeAll(async () => {
  h = await startHarness();
  sourceDown = await h.createRun('fail_source_not_available', { sourceId: 'src_bankdown2' });
  authFailed = await h.createRun('fail_auth_invalid', { sourceId: 'src_shop2' });
  await h.advance(5 * 60_000);
  const now = new Date().toISOString();
  await h.events.upsertRuns([
    failedWithoutErrors(sourceDown, now),
    failedWithoutErrors(authFailed, now),
    // A run the upstream does not have (any more).
    failedWithoutErrors({ id: 'trun_gone00001', created_at: sourceDown.created_at }, now),
  ]);
}, 30_000);

afterAll(async () => {
  await h?.close();
});

describe('FailureErrorBackfill', () => {
  const backfill = () => new FailureErrorBackfill({ upstream: h.upstream, events: h.events, log: createLogger({ level: 'error', write: () => {} }) });

  it('stops a pass at the first read the upstream fails, changes nothing, and fills every run on a later pass', async () => {
    const filler = backfill();
    await h.simControl('faults', { kind: '503', count: 1_000, pathPrefix: '/v2/task-runs/' });
    await h.resetUpstreamRequests();
    expect(await filler.runOnce()).toBe(0);
    // One run tried (with the client's own retries), the others left for later.
    expect(new Set((await runReads()).map((r) => r.path)).size).toBe(1);
    expect((await h.events.failedRunsWithoutErrors(10)).sort()).toEqual([sourceDown.id, authFailed.id, 'trun_gone00001'].sort());

    await h.simControl('faults', undefined, 'DELETE');
    expect(await filler.runOnce()).toBe(2);
    expect((await h.events.getRun(sourceDown.id))?.errors).toEqual([{ type: 'source', code: 'source_not_available' }]);
    expect((await h.events.getRun(authFailed.id))?.errors).toEqual([{ type: 'auth', code: 'auth_invalid' }]);
    expect(await h.events.failedRunsWithoutErrors(10)).toEqual(['trun_gone00001']);

    // The run the upstream does not know is not asked about again, nor are the filled ones.
    await h.resetUpstreamRequests();
    expect(await filler.runOnce()).toBe(0);
    expect(await runReads()).toEqual([]);
  });
});
