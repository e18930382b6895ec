import type { RunListItem, RunListResponse, RunRow, UnreadableRunRow } from '@/contract/bff';

/** Test-only: a plausible runs-list row with overrides. */
export function makeRun(overrides: Partial<RunRow> = {}): RunRow {
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
    errors: [],
    errorCount: 0,
    interaction: null,
    hasOutput: false,
    outputEncrypted: false,
    ...overrides,
  };
}

/** Test-only: a list item the server could not read. */
export function makeUnreadableRun(overrides: Partial<UnreadableRunRow> = {}): UnreadableRunRow {
  return { unreadable: true, id: 'trun_broken01', upstreamStatus: null, problem: 'created_at is not a date', ...overrides };
}

export function makeRunList(runs: RunListItem[], overrides: Partial<RunListResponse> = {}): RunListResponse {
  return {
    runs,
    hasMore: false,
    nextCursor: null,
    freshness: { stale: false, fetchedAt: new Date().toISOString(), ageSeconds: 0 },
    ...overrides,
  };
}
