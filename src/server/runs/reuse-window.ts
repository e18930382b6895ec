import { isTerminal, type RunStatus } from '@/contract/run-status';

/**
 * How long a read of a run is shared with every viewer before the next read goes upstream.
 *
 * Without a healthy event feed an active run is re-read every `activeMs`: nothing else would tell
 * its changes. While events tell them (a status change invalidates the copy at once), a run that can
 * still change is kept until an event says it did (`withEventsMs` is only a cap in case an event is
 * lost without the feed counting as unhealthy). Screenshot progress of a working run, which changes
 * without an event, is read separately and only while someone watches the gallery
 * (see screenshot-feed.ts).
 */
export interface ReuseWindows {
  activeMs: number;
  withEventsMs: number;
  terminalMs: number;
}

/** Cap on keeping an active run's copy while the event feed is healthy: a lost event costs at most this. */
export const ACTIVE_TTL_WITH_EVENTS_MS = 10 * 60_000;

export function reuseWindowMs(status: RunStatus | null, eventsTellChanges: boolean, windows: ReuseWindows): number {
  if (status !== null && isTerminal(status)) return windows.terminalMs;
  return eventsTellChanges ? windows.withEventsMs : windows.activeMs;
}
