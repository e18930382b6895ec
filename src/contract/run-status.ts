/** Lifecycle statuses of a task run, as Runwatch names them after normalisation. */
export const RUN_STATUSES = ['queued', 'running', 'interaction_required', 'review_required', 'canceling', 'canceled', 'completed', 'failed'] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'canceled'];

export const RUN_RESULTS = ['success', 'failure', 'unknown'] as const;
export type RunResult = (typeof RUN_RESULTS)[number];

/**
 * Spellings other upstream revisions use for the same status: the middle revision spells
 * `cancelling`, the oldest used `pending` for what is now `review_required`.
 */
const STATUS_ALIASES: Record<string, RunStatus> = {
  cancelling: 'canceling',
  pending: 'review_required',
};

/** Maps any upstream spelling to the canonical status, or null for a value we do not know. */
export function normalizeStatus(raw: string): RunStatus | null {
  if ((RUN_STATUSES as readonly string[]).includes(raw)) return raw as RunStatus;
  // Own keys only: an upstream status such as `constructor` must not find Object.prototype's.
  return Object.hasOwn(STATUS_ALIASES, raw) ? STATUS_ALIASES[raw]! : null;
}

/** null (a status Runwatch does not know) is never final: such a run keeps being polled. */
export function isTerminal(status: RunStatus | null): boolean {
  return status !== null && TERMINAL_STATUSES.includes(status);
}

/**
 * Statuses from which a run may be canceled (docs/upstream-contract.md, open point 4). For a status Runwatch does not know
 * (null) the upstream is the judge: the run is not final, so a cancel may be asked for.
 */
export function isCancelable(status: RunStatus | null): boolean {
  return status === null || status === 'queued' || status === 'running' || status === 'interaction_required' || status === 'review_required';
}

/** Coarse buckets the UI uses for colour and for "what needs me" views. */
export type StatusGroup = 'waiting' | 'active' | 'needs_human' | 'ending' | 'succeeded' | 'failed' | 'canceled';

export function statusGroup(status: RunStatus): StatusGroup {
  switch (status) {
    case 'queued':
      return 'waiting';
    case 'running':
      return 'active';
    case 'interaction_required':
    case 'review_required':
      return 'needs_human';
    case 'canceling':
      return 'ending';
    case 'completed':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'canceled':
      return 'canceled';
  }
}
