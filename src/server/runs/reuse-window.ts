import { isTerminal, type RunStatus } from '../../contract/run-status';

/**
 * How long a read of a run is shared with every viewer before the next read goes upstream.
 *
 * Without a healthy event feed an active run is re-read every `activeMs`. While events tell its
 * changes (a status change invalidates the copy at once), a working run still gains screenshots and
 * reasoning without an event, so its copy stays a few seconds (`activeWithEventsMs`); a run that
 * waits — queued, for a person, for review — changes only with an event, so its copy is kept until
 * one comes (`waitingWithEventsMs`, a cap in case the event log falls silent).
 */
export interface ReuseWindows {
  activeMs: number;
  activeWithEventsMs: number;
  waitingWithEventsMs: number;
  terminalMs: number;
}

export const ACTIVE_TTL_WITH_EVENTS_MS = 5_000;
export const WAITING_TTL_WITH_EVENTS_MS = 60_000;

const WAITING_STATUSES: ReadonlySet<RunStatus> = new Set(['queued', 'interaction_required', 'review_required']);

export function reuseWindowMs(status: RunStatus | null, eventsTellChanges: boolean, windows: ReuseWindows): number {
  if (status !== null && isTerminal(status)) return windows.terminalMs;
  if (!eventsTellChanges) return windows.activeMs;
  return status !== null && WAITING_STATUSES.has(status) ? windows.waitingWithEventsMs : windows.activeWithEventsMs;
}
