import type { RunResult, RunStatus, StatusGroup } from '@/contract/run-status';

/** Human labels for each canonical status, as the console shows them. */
export const STATUS_LABELS: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  interaction_required: 'Needs input',
  review_required: 'Needs review',
  canceling: 'Canceling',
  canceled: 'Canceled',
  completed: 'Completed',
  failed: 'Failed',
};

export function statusLabel(status: RunStatus): string {
  return STATUS_LABELS[status];
}

/** Statuses whose dot pulses: something is happening right now. */
export function isLiveStatus(status: RunStatus): boolean {
  return status === 'running' || status === 'canceling' || status === 'interaction_required' || status === 'review_required';
}

/** Badge colours per status group, readable in light and dark (text ≥ 4.5:1 on its background). */
export const STATUS_GROUP_STYLES: Record<StatusGroup, { badge: string; dot: string }> = {
  waiting: {
    badge: 'bg-slate-100 text-slate-700 ring-slate-500/20 dark:bg-slate-400/10 dark:text-slate-300 dark:ring-slate-400/25',
    dot: 'bg-slate-500 dark:bg-slate-400',
  },
  active: {
    badge: 'bg-sky-50 text-sky-800 ring-sky-600/25 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/25',
    dot: 'bg-sky-500 dark:bg-sky-400',
  },
  needs_human: {
    badge: 'bg-amber-50 text-amber-800 ring-amber-600/30 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25',
    dot: 'bg-amber-500 dark:bg-amber-400',
  },
  ending: {
    badge: 'bg-violet-50 text-violet-800 ring-violet-600/25 dark:bg-violet-400/10 dark:text-violet-300 dark:ring-violet-400/25',
    dot: 'bg-violet-500 dark:bg-violet-400',
  },
  succeeded: {
    badge: 'bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25',
    dot: 'bg-emerald-500 dark:bg-emerald-400',
  },
  failed: {
    badge: 'bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/25',
    dot: 'bg-red-500 dark:bg-red-400',
  },
  canceled: {
    badge: 'bg-zinc-100 text-zinc-700 ring-zinc-500/25 dark:bg-zinc-400/10 dark:text-zinc-300 dark:ring-zinc-400/25',
    dot: 'bg-zinc-400 dark:bg-zinc-500',
  },
};

export const RESULT_LABELS: Record<RunResult, string> = {
  success: 'Success',
  failure: 'Failure',
  unknown: 'Unknown',
};
