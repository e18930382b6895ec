import type { RunStatus } from '@/contract/run-status';
import type { RunRecord } from './run-record';

/** The two spellings upstream revisions use for the cancel-in-progress status. */
export type CancelSpelling = 'canceling' | 'cancelling';

export function spellStatus(status: RunStatus, spelling: CancelSpelling): string {
  return status === 'canceling' ? spelling : status;
}

/** Execution time: null before the run starts, growing while it runs, frozen once execution ends. */
export function runtimeMs(run: RunRecord, now: number): number | null {
  if (run.startedAt === null) return null;
  return Math.max(0, (run.executionEndedAt ?? now) - run.startedAt);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
