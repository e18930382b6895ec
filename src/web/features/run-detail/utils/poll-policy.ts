import type { RunStatus } from '@/contract/run-status';
import { isTerminal } from '@/contract/run-status';

/** A person is waiting on the page: poll fast so their answer's effect shows promptly. */
export const INTERACTION_POLL_MS = 1_000;
/** Normal cadence for a run that is moving on its own. */
export const ACTIVE_POLL_MS = 3_000;
/** Ceiling for the error backoff, so a long outage still recovers within half a minute. */
export const MAX_BACKOFF_MS = 30_000;
/** A `Retry-After` longer than this is treated as this, so a misconfigured header cannot freeze the page. */
export const MAX_RETRY_AFTER_MS = 300_000;

export interface PollFailure {
  /** Consecutive failed fetches since the last success, counted in api/run-queries.ts (React Query's own count restarts at every fetch). */
  consecutiveFailures: number;
  /** HTTP status of the last failure (0 for a network error). */
  httpStatus: number;
  /** The server's `Retry-After` in seconds, when it sent one. */
  retryAfterSeconds: number | null;
}

/** Failures that will not heal by asking again: the run does not exist, or the id is refused. */
function isPermanent(httpStatus: number): boolean {
  return httpStatus === 400 || httpStatus === 401 || httpStatus === 403 || httpStatus === 404;
}

/**
 * How long to wait before the next poll of a run, or `false` to stop polling for good.
 * A terminal status stops polling even when the last poll failed: the data we hold is final.
 * `null` (no data yet, or a status Runwatch does not recognise) is never final: the active cadence.
 */
export function nextPollDelay(lastStatus: RunStatus | null, failure: PollFailure | null): number | false {
  if (lastStatus !== null && isTerminal(lastStatus)) return false;
  const base = lastStatus === 'interaction_required' ? INTERACTION_POLL_MS : ACTIVE_POLL_MS;
  if (failure === null || failure.consecutiveFailures === 0) return base;
  if (isPermanent(failure.httpStatus)) return false;
  const exponent = Math.min(failure.consecutiveFailures - 1, 10);
  const backoff = Math.min(ACTIVE_POLL_MS * 2 ** exponent, MAX_BACKOFF_MS);
  const retryAfter = failure.retryAfterSeconds === null ? 0 : Math.min(failure.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS);
  return Math.max(backoff, retryAfter, base);
}
