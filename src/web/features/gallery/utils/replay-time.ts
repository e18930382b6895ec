/**
 * Time mapping of the replay: where each screenshot sits in the run's time, which screenshot was on
 * screen at an instant of the scrubber, and how long playback waits before the next one.
 */

/** The stretch of time the scrubber covers, in epoch ms (end > start). */
export interface ReplaySpan {
  startMs: number;
  endMs: number;
}

/** At 1×, the longest wait between two screenshots: an idle stretch (a prompt waiting for a person) is shortened to this. */
export const MAX_WAIT_MS = 4_000;
/** At 1×, the shortest wait, so shots taken at the same instant still show one after the other. */
export const MIN_WAIT_MS = 250;
/** Spacing given to shots when none has a capture time. */
const UNTIMED_STEP_MS = 1_000;

export const REPLAY_SPEEDS = [1, 2, 4, 8] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

function parseMs(iso: string | null): number | null {
  if (iso === null) return null;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? null : value;
}

/**
 * Capture times (epoch ms) of screenshots already in time order. A shot without a usable time is
 * placed between its timed neighbours (evenly), or on the nearest one at either end; when no shot
 * has a time they are spaced a second apart from `fallbackStartMs`. Never decreasing.
 */
export function shotTimes(ordered: readonly { createdAt: string | null }[], fallbackStartMs: number): number[] {
  const known = ordered.map((shot) => parseMs(shot.createdAt));
  if (known.every((value) => value === null)) return ordered.map((_, index) => fallbackStartMs + index * UNTIMED_STEP_MS);
  const times: number[] = new Array<number>(ordered.length);
  let previous = -1;
  known.forEach((value, index) => {
    if (value === null) return;
    const before = previous >= 0 ? times[previous]! : null;
    times[index] = before === null ? value : Math.max(value, before);
    for (let gap = previous + 1; gap < index; gap += 1) {
      times[gap] = before === null ? times[index]! : before + ((times[index]! - before) * (gap - previous)) / (index - previous);
    }
    previous = index;
  });
  for (let gap = previous + 1; gap < ordered.length; gap += 1) times[gap] = times[previous]!;
  return times;
}

/** The span the scrubber covers: the run's own bounds (creation to end) widened to hold every shot. */
export function replaySpan(times: readonly number[], bounds: { startMs: number | null; endMs: number | null }): ReplaySpan {
  const candidatesStart = [bounds.startMs, times[0]].filter((value): value is number => value !== null && value !== undefined && Number.isFinite(value));
  const candidatesEnd = [bounds.endMs, times[times.length - 1]].filter(
    (value): value is number => value !== null && value !== undefined && Number.isFinite(value),
  );
  const startMs = candidatesStart.length > 0 ? Math.min(...candidatesStart) : 0;
  const endMs = candidatesEnd.length > 0 ? Math.max(...candidatesEnd) : startMs;
  return { startMs, endMs: Math.max(endMs, startMs + 1) };
}

/** Where an instant falls on the scrubber, 0..1. */
export function fractionAt(span: ReplaySpan, atMs: number): number {
  return Math.min(1, Math.max(0, (atMs - span.startMs) / (span.endMs - span.startMs)));
}

/** The instant at a point of the scrubber (0..1, clamped). */
export function timeAtFraction(span: ReplaySpan, fraction: number): number {
  return span.startMs + Math.min(1, Math.max(0, fraction)) * (span.endMs - span.startMs);
}

/**
 * The screenshot on screen at an instant: the last one captured at or before it (1-based), or the
 * first when the instant is before every shot. 0 when there are none. Binary search: 1,000 shots
 * cost ten comparisons per pointer move.
 */
export function shotAtTime(times: readonly number[], atMs: number): number {
  if (times.length === 0) return 0;
  let low = 0;
  let high = times.length - 1;
  if (atMs < times[0]!) return 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (times[middle]! <= atMs) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/**
 * How long playback stays on shot `position` (1-based) before the next: the real time between the
 * two captures divided by the speed, with idle stretches shortened to `MAX_WAIT_MS` and bursts
 * lengthened to `MIN_WAIT_MS` (both at 1×).
 */
export function playDelayMs(times: readonly number[], position: number, speed: number): number {
  const current = times[position - 1];
  const next = times[position];
  const gap = current === undefined || next === undefined ? MIN_WAIT_MS : next - current;
  return Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, gap)) / Math.max(1, speed);
}
