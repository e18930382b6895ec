import { WAITING_STATUSES, type WaitingStatus } from '@/contract/board';
import type { RunStatus } from '@/contract/run-status';

/**
 * The stuck-run rule: a run waiting for a session (`queued`), for a person's answer
 * (`interaction_required`) or for review (`review_required`) longer than that status's threshold
 * is stuck. Working and finished runs are never stuck here (a run that works too long ends in the
 * upstream's own timeout). Pure, so the board and the outgoing alerts flag the same runs.
 */

/** Milliseconds a run may wait in each status before it counts as stuck. */
export type StuckThresholds = Record<WaitingStatus, number>;

const MINUTE_MS = 60_000;

/**
 * Defaults, in minutes. Queued: a session normally starts within seconds, so 10 minutes means
 * capacity trouble. Waiting for input: 3 minutes, well inside the assumed interaction window, so
 * a person still has time to answer. Review: 30 minutes, since reviews are a person's queue.
 */
export const DEFAULT_STUCK_AFTER_MINUTES: Readonly<Record<WaitingStatus, number>> = {
  queued: 10,
  interaction_required: 3,
  review_required: 30,
};

/** Longest threshold accepted: a week. */
export const MAX_STUCK_AFTER_MINUTES = 7 * 24 * 60;

export function stuckThresholdsFromMinutes(minutes: Readonly<Record<WaitingStatus, number>>): StuckThresholds {
  return {
    queued: minutes.queued * MINUTE_MS,
    interaction_required: minutes.interaction_required * MINUTE_MS,
    review_required: minutes.review_required * MINUTE_MS,
  };
}

export function isWaitingStatus(status: RunStatus | null): status is WaitingStatus {
  return status !== null && (WAITING_STATUSES as readonly string[]).includes(status);
}

/**
 * True when a run in `status` since `sinceMs` (epoch ms) has waited longer than its threshold at
 * `nowMs`. An unreadable `sinceMs` (NaN) is never stuck: the rule flags what it can measure.
 */
export function isStuck(status: RunStatus | null, sinceMs: number, nowMs: number, thresholds: StuckThresholds): boolean {
  if (!isWaitingStatus(status) || !Number.isFinite(sinceMs)) return false;
  return nowMs - sinceMs > thresholds[status];
}

/**
 * When a run entered its current status, as far as a run summary tells: a queued run has waited
 * since it was created; any other status since the run last changed (`updated_at`), which for a
 * paused run is the pause.
 */
export function waitingSince(run: { status: RunStatus | null; createdAt: string; updatedAt: string }): string {
  return run.status === 'queued' ? run.createdAt : run.updatedAt;
}

/**
 * Reads `RUNWATCH_STUCK_AFTER_MINUTES`: one number for every waiting status (`15`), or
 * per status (`queued=10,interaction_required=3,review_required=30`; a status left out keeps its
 * default). Minutes may have a fraction (`0.5`). Returns null for anything else.
 */
export function parseStuckAfterMinutes(text: string | undefined): Record<WaitingStatus, number> | null {
  const result = { ...DEFAULT_STUCK_AFTER_MINUTES };
  if (text === undefined || text.trim() === '') return result;
  const valid = (value: number) => Number.isFinite(value) && value > 0 && value <= MAX_STUCK_AFTER_MINUTES;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const minutes = Number(trimmed);
    if (!valid(minutes)) return null;
    return { queued: minutes, interaction_required: minutes, review_required: minutes };
  }
  const seen = new Set<string>();
  for (const part of trimmed.split(',')) {
    const match = /^\s*([a-z_]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match) return null;
    const [, status, value] = match as unknown as [string, string, string];
    if (!(WAITING_STATUSES as readonly string[]).includes(status) || seen.has(status)) return null;
    seen.add(status);
    const minutes = Number(value);
    if (!valid(minutes)) return null;
    result[status as WaitingStatus] = minutes;
  }
  return result;
}
