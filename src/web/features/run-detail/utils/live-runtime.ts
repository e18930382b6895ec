import type { RunView } from '@/contract/bff';

/**
 * The run's execution time as of `nowMs`. The upstream reports `runtime_ms` at fetch time; while
 * the agent is running we add the time since that fetch so the number moves between polls.
 */
export function liveRuntimeMs(run: Pick<RunView, 'status' | 'runtimeMs'>, fetchedAtMs: number, nowMs: number): number | null {
  if (run.runtimeMs === null) return null;
  if (run.status !== 'running') return run.runtimeMs;
  return run.runtimeMs + Math.max(0, nowMs - fetchedAtMs);
}

/** How long a queued run has been waiting for a session. */
export function queuedForMs(createdAt: string, nowMs: number): number | null {
  const created = Date.parse(createdAt);
  return Number.isNaN(created) ? null : Math.max(0, nowMs - created);
}
