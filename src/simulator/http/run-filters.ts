import type { Context } from 'hono';
import { RUN_RESULTS, normalizeStatus, type RunStatus } from '@/contract/run-status';
import type { RunRecord } from '../engine/run-record';
import { queryList, queryTimestamp } from './query-values';

export type RunFilter = (run: RunRecord) => boolean;
export type RunFilterResult = { ok: true; filter: RunFilter } | { ok: false; field: string; message: string };

/** Builds the AND of every filter GET /task-runs supports; array filters OR their values. */
export function readRunFilters(c: Context): RunFilterResult {
  const filters: RunFilter[] = [];

  const statuses: RunStatus[] = [];
  for (const raw of queryList(c, 'status')) {
    const status = normalizeStatus(raw);
    if (!status) return { ok: false, field: 'status', message: `Unknown status "${raw.slice(0, 40)}".` };
    statuses.push(status);
  }
  if (statuses.length > 0) filters.push((run) => statuses.includes(run.status));

  const outcomes = [...queryList(c, 'outcome'), ...queryList(c, 'result')];
  for (const outcome of outcomes) {
    if (!(RUN_RESULTS as readonly string[]).includes(outcome)) {
      return { ok: false, field: 'outcome', message: `outcome must be one of ${RUN_RESULTS.join(', ')}.` };
    }
  }
  if (outcomes.length > 0) filters.push((run) => run.result !== null && outcomes.includes(run.result));

  const idFilters: [string, (run: RunRecord) => string | null][] = [
    ['source_id', (run) => run.sourceId],
    ['agent_id', (run) => run.agentId],
    ['credential_id', (run) => run.credentialId],
    ['task_id', (run) => run.taskId],
    ['workflow_id', (run) => run.workflowId],
  ];
  for (const [name, valueOf] of idFilters) {
    const wanted = queryList(c, name);
    if (wanted.length > 0) filters.push((run) => wanted.includes(valueOf(run) ?? ''));
  }

  for (const [name, keep] of [
    ['created_after', (run: RunRecord, at: number) => run.createdAt > at],
    ['created_before', (run: RunRecord, at: number) => run.createdAt < at],
  ] as const) {
    const at = queryTimestamp(c, name);
    if (at === null) return { ok: false, field: name, message: `${name} must be an ISO 8601 timestamp.` };
    if (at !== undefined) filters.push((run) => keep(run, at));
  }

  return { ok: true, filter: (run) => filters.every((filter) => filter(run)) };
}
