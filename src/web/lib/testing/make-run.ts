import type { RunListResponse, RunSummary } from '../../../contract/bff';

/** Test-only: a plausible run summary with overrides. */
export function makeRun(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 'trun_test0001',
    status: 'running',
    upstreamStatus: overrides.status ?? 'running',
    result: null,
    taskId: 'task_invoices',
    agentId: 'agt_1',
    sourceId: 'src_portal',
    credentialId: null,
    sessionId: null,
    workflowId: null,
    runtimeMs: 12_000,
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    updatedAt: new Date().toISOString(),
    canceledAt: null,
    output: null,
    errors: [],
    interaction: null,
    upstreamRequestId: null,
    ...overrides,
  };
}

export function makeRunList(runs: RunSummary[], overrides: Partial<RunListResponse> = {}): RunListResponse {
  return {
    runs,
    hasMore: false,
    nextCursor: null,
    freshness: { stale: false, fetchedAt: new Date().toISOString(), ageSeconds: 0 },
    ...overrides,
  };
}
