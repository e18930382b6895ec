import type { TimelineEntry, TimelineResponse } from '@/contract/bff';
import type { StatusHistoryEntry } from '../store/event-store';

/**
 * One status history from two sources: the upstream's event log (every change, with the time the
 * upstream gives it) and Runwatch's own observations (what its reads saw, when). Pure.
 *
 * - An observation of the status the events say the run was in at that moment is the same
 *   change seen twice: one entry, with the event's time, and the observation's error codes added.
 * - An observation the events do not explain (their log not read that far yet, or pruned) stays
 *   an entry of its own, marked `observed`.
 * - Repeated events of one status (a duplicate delivery, an update event) are one entry.
 * Where neither source has anything, the SPA shows the gap it always has.
 */

/**
 * An observation is placed by the run's `updated_at` it carried (the upstream's clock, like event
 * times; Runwatch's own clock only when that is missing); one this soon before the event that set
 * its status is taken as that same change.
 */
export const SAME_CHANGE_TOLERANCE_MS = 5_000;

export function mergeTimeline(observed: TimelineResponse, history: readonly StatusHistoryEntry[]): TimelineResponse {
  const events = eventEntries(history);
  if (events.length === 0) {
    const entries = observed.entries.map((entry): TimelineEntry => ({ ...entry, source: 'observed' }));
    return withHistoryFrom({ ...observed, entries });
  }

  const timed: Array<{ entry: TimelineEntry; atMs: number }> = events.map((entry) => ({ entry, atMs: Date.parse(entry.observedAt) }));
  const eventTimes = timed.map((item) => item.atMs);
  for (const observation of observed.entries) {
    const seenMs = upstreamClockMs(observation);
    const current = Number.isNaN(seenMs) ? -1 : lastIndexAtOrBefore(eventTimes, seenMs + SAME_CHANGE_TOLERANCE_MS);
    const event = current >= 0 ? timed[current]!.entry : null;
    if (event && sameStatus(event, observation)) {
      event.errorCodes = union(event.errorCodes, observation.errorCodes);
      event.result ??= observation.result;
      continue;
    }
    timed.push({ entry: { ...observation, source: 'observed' }, atMs: Number.isNaN(seenMs) ? 0 : seenMs });
  }
  // Stable: an observation and an event at the same instant keep the event first.
  timed.sort((a, b) => a.atMs - b.atMs);

  const entries: TimelineEntry[] = [];
  for (const { entry } of timed) {
    const previous = entries.at(-1);
    if (previous && sameStatus(previous, entry)) {
      previous.errorCodes = union(previous.errorCodes, entry.errorCodes);
      previous.result ??= entry.result;
      continue;
    }
    entries.push(entry);
  }
  return withHistoryFrom({ ...observed, entries });
}

function withHistoryFrom(timeline: TimelineResponse): TimelineResponse {
  const first = timeline.entries[0];
  // Absent rather than null when there is no history, so an unknown run's answer keeps its shape.
  if (!first) return timeline;
  return { ...timeline, historyFrom: first.source === 'event' ? 'events' : 'observations' };
}

/** Status changes from the event log, oldest first; repeats of one status folded into the first. */
function eventEntries(history: readonly StatusHistoryEntry[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const ordered = [...history].filter((item) => !Number.isNaN(Date.parse(item.at))).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const item of ordered) {
    const entry: TimelineEntry = {
      status: item.status,
      upstreamStatus: item.upstreamStatus,
      observedAt: item.at,
      upstreamUpdatedAt: item.at,
      runtimeMs: item.runtimeMs,
      result: item.result,
      errorCodes: [],
      source: 'event',
    };
    const previous = entries.at(-1);
    if (previous && sameStatus(previous, entry)) {
      previous.result = entry.result ?? previous.result;
      previous.runtimeMs = entry.runtimeMs ?? previous.runtimeMs;
      continue;
    }
    entries.push(entry);
  }
  return entries;
}

/** A known status by its canonical name; an unrecognised one by the upstream's spelling. */
function sameStatus(a: TimelineEntry, b: TimelineEntry): boolean {
  return a.status === b.status && (a.status !== null || a.upstreamStatus === b.upstreamStatus);
}

/**
 * Where an observation sits among events: the run's `updated_at` on the read that saw it (the
 * upstream's clock, which may differ from Runwatch's), else when Runwatch read it.
 */
function upstreamClockMs(entry: TimelineEntry): number {
  const updatedMs = entry.upstreamUpdatedAt === null ? Number.NaN : Date.parse(entry.upstreamUpdatedAt);
  return Number.isNaN(updatedMs) ? Date.parse(entry.observedAt) : updatedMs;
}

/** Index of the last time ≤ `limit` in an ascending list; -1 when there is none. */
function lastIndexAtOrBefore(sortedMs: readonly number[], limit: number): number {
  let found = -1;
  for (let index = 0; index < sortedMs.length && sortedMs[index]! <= limit; index++) found = index;
  return found;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
