import type { RunResponse, RunView, TimelineEntry, TimelineResponse } from '@/contract/bff';
import type { RunStatus } from '@/contract/run-status';

export const RUN_ID = 'trun_9Qm2Lx7Pa4';

export function makeRun(overrides: Partial<RunView> = {}): RunView {
  return {
    id: RUN_ID,
    status: 'running',
    upstreamStatus: overrides.status ?? 'running',
    result: null,
    taskId: 'task_F3kd81Ws',
    agentId: 'agt_2Wc8Yb5m',
    sourceId: 'src_Pz4Lq0Nd',
    credentialId: 'cred_7Hn2QpZc',
    sessionId: 'sess_K1v9Rt4e',
    workflowId: null,
    runtimeMs: 18_250,
    createdAt: '2026-03-02T10:14:03Z',
    updatedAt: '2026-03-02T10:14:21Z',
    canceledAt: null,
    output: null,
    errors: [],
    interaction: null,
    upstreamRequestId: 'req_d41c7b2e90',
    input: { statement_month: '2026-02' },
    vaultedFields: [],
    files: [],
    screenshots: [],
    sectionProblems: [],
    ...overrides,
  };
}

export function runResponse(run: RunView, freshness: Partial<RunResponse['freshness']> = {}): RunResponse {
  return { run, freshness: { stale: false, fetchedAt: new Date().toISOString(), ageSeconds: 0, ...freshness } };
}

export function timelineOf(statuses: Array<RunStatus | null>, startIso = '2026-03-02T10:14:03Z', stepMs = 10_000): TimelineResponse {
  const start = Date.parse(startIso);
  const entries: TimelineEntry[] = statuses.map((status, index) => ({
    status,
    upstreamStatus: status ?? 'paused_for_audit',
    observedAt: new Date(start + index * stepMs + 500).toISOString(),
    upstreamUpdatedAt: new Date(start + index * stepMs).toISOString(),
    runtimeMs: index * stepMs,
    result: status === 'completed' ? 'success' : status === 'failed' ? 'failure' : null,
    errorCodes: [],
  }));
  return { runId: RUN_ID, firstObservedAt: entries[0]?.observedAt ?? null, entries };
}

export const MFA_INTERACTION = {
  promptId: 'prm_mfa_1',
  type: 'mfa',
  message: 'We sent a 6-digit code by text message to the phone ending in 42.',
  fields: [{ name: 'code', type: 'string', label: 'One-time code', options: null }],
};
