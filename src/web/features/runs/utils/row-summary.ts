import type { RunError, RunRow } from '@/contract/bff';
import type { RunStatus } from '@/contract/run-status';

/** Statuses in which a run waits on something other than its own work: a slot, a person, a review. */
const WAITING_STATUSES: readonly RunStatus[] = ['queued', 'interaction_required', 'review_required'];

/**
 * Since when a waiting run has waited, or null for a run that is not waiting. A run's `updated_at`
 * moves when its status does and a waiting run does nothing else, so it stands for "entered this
 * status"; a queued run has waited since it was created at the latest.
 */
export function waitingSince(run: Pick<RunRow, 'status' | 'createdAt' | 'updatedAt'>): string | null {
  if (run.status === null || !WAITING_STATUSES.includes(run.status)) return null;
  const since = run.status === 'queued' ? earlier(run.createdAt, run.updatedAt) : run.updatedAt;
  return Number.isNaN(Date.parse(since)) ? null : since;
}

function earlier(a: string, b: string): string {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(tb)) return a;
  if (Number.isNaN(ta)) return b;
  return ta <= tb ? a : b;
}

/**
 * Whether the result says something the status does not: "Completed" already means success and
 * "Failed" failure, so those pairs show one pill; a completed run with a failed or unknown result,
 * or any result on a run in another status, shows both.
 */
export function resultAddsToStatus(run: Pick<RunRow, 'status' | 'result'>): boolean {
  if (run.result === null) return false;
  if (run.status === 'completed' && run.result === 'success') return false;
  if (run.status === 'failed' && run.result === 'failure') return false;
  return true;
}

/** The error a failed row leads with: the first one with a code, else the first one. */
export function leadingError(run: Pick<RunRow, 'errors'>): RunError | null {
  return run.errors.find((e) => e.code !== null && e.code.trim() !== '') ?? run.errors[0] ?? null;
}
