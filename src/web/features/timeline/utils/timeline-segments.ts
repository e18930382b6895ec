import type { TimelineEntry, TimelineResponse } from '@/contract/bff';
import type { RunStatus } from '@/contract/run-status';
import { isTerminal } from '@/contract/run-status';

export interface TimelineSegment {
  kind: 'status';
  /** null: a status Runwatch does not recognise (see `upstreamStatus`); never final. */
  status: RunStatus | null;
  upstreamStatus: string;
  /** Epoch ms when the run entered this status (as precisely as we know). */
  startMs: number;
  /** Epoch ms when it left; for the current status of a live run, "now". */
  endMs: number;
  /** The run is still in this status. */
  ongoing: boolean;
  /** A terminal status: it has no duration of its own. */
  final: boolean;
  observedAtMs: number;
  errorCodes: string[];
  /** `event`: the upstream's event log gave this status and its time; `observed`: only Runwatch's reads saw it. */
  source: 'event' | 'observed';
}

export interface GapSegment {
  kind: 'gap';
  startMs: number;
  endMs: number;
}

export interface TimelineModel {
  segments: Array<TimelineSegment | GapSegment>;
  startMs: number;
  endMs: number;
  /** Set when the known history starts well after the run was created, so its early history is unknown. */
  firstSeenAfterCreationMs: number | null;
  /** Where the known history starts: the upstream's event log or Runwatch's own observations. */
  historyFrom: NonNullable<TimelineResponse['historyFrom']>;
}

/** A first sighting later than this after creation is worth a sentence, not just a hatched bar. */
const GAP_TOLERANCE_MS = 5_000;

/** A terminal status; an unrecognised one (null) never is. */
function isFinal(status: RunStatus | null): boolean {
  return status !== null && isTerminal(status);
}

function toMs(iso: string | null): number | null {
  if (iso === null) return null;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? null : value;
}

/**
 * When the run entered a status: the upstream's `updated_at` on the response that first showed it
 * is closer to the truth than the moment we polled, as long as it is not before the previous change.
 */
function transitionMs(entry: TimelineEntry, previousMs: number): number {
  const observed = toMs(entry.observedAt) ?? previousMs;
  const upstream = toMs(entry.upstreamUpdatedAt);
  const best = upstream !== null && upstream <= observed ? upstream : observed;
  return Math.max(best, previousMs);
}

/**
 * `firstObservedAt` is when Runwatch first read the run; `historyFrom` says whether the entries
 * start with the upstream's event log (whose first entry then dates the start of what is known)
 * or with Runwatch's own observations. Where the events cover the run from its creation there is
 * no gap, watched or not.
 */
export function buildTimeline(
  entries: readonly TimelineEntry[],
  createdAt: string,
  firstObservedAt: string | null,
  nowMs: number,
  historyFrom?: TimelineResponse['historyFrom'],
): TimelineModel {
  const createdMs = toMs(createdAt) ?? nowMs;
  const first = entries[0];
  const from = historyFrom ?? (first?.source === 'event' ? 'events' : 'observations');
  if (!first) return { segments: [], startMs: createdMs, endMs: Math.max(nowMs, createdMs), firstSeenAfterCreationMs: null, historyFrom: from };

  const firstSeenMs = (from === 'events' ? toMs(first.observedAt) : toMs(firstObservedAt)) ?? toMs(first.observedAt) ?? createdMs;
  // Every run starts queued, so only a first sighting in `queued` covers the time since creation;
  // anything else means earlier statuses went unobserved, and the bar says so instead of guessing.
  const knownFromCreation = first.status === 'queued';

  const segments: Array<TimelineSegment | GapSegment> = [];
  let cursor = createdMs;
  const starts: number[] = [];
  entries.forEach((entry, index) => {
    const start = index === 0 && knownFromCreation ? createdMs : transitionMs(entry, cursor);
    starts.push(start);
    cursor = start;
  });
  if (!knownFromCreation && starts[0]! > createdMs) {
    segments.push({ kind: 'gap', startMs: createdMs, endMs: starts[0]! });
  }
  const last = entries[entries.length - 1]!;
  const runIsOver = isFinal(last.status);
  entries.forEach((entry, index) => {
    const startMs = starts[index]!;
    const isLast = index === entries.length - 1;
    const endMs = isLast ? (runIsOver ? startMs : Math.max(nowMs, startMs)) : starts[index + 1]!;
    segments.push({
      kind: 'status',
      status: entry.status,
      upstreamStatus: entry.upstreamStatus,
      startMs,
      endMs,
      ongoing: isLast && !runIsOver,
      final: isFinal(entry.status),
      observedAtMs: toMs(entry.observedAt) ?? startMs,
      errorCodes: entry.errorCodes,
      source: entry.source ?? 'observed',
    });
  });
  const endMs = runIsOver ? starts[starts.length - 1]! : Math.max(nowMs, starts[starts.length - 1]!);
  return {
    segments,
    startMs: createdMs,
    endMs,
    firstSeenAfterCreationMs: !knownFromCreation && firstSeenMs - createdMs > GAP_TOLERANCE_MS ? firstSeenMs : null,
    historyFrom: from,
  };
}

/** Where an instant falls on the bar, 0..1. */
export function positionOnTimeline(model: TimelineModel, atMs: number): number {
  const span = model.endMs - model.startMs;
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (atMs - model.startMs) / span));
}
