import { errorGroup, type ErrorGroup } from '@/contract/error-groups';
import { ERROR_GROUPS, type FailureWindow, type FailuresResponse } from '@/contract/failures';
import type { RunIndexError, RunIndexSnapshot } from '../store/event-store';

/**
 * Failed runs of a window → the failures report: grouped by error (group, type, code), by source
 * and by task, with counts, first and last failure, a series per group and each group's share.
 * Pure; the route reads the runs from the run index.
 *
 * A run's failure time is its updated_at (a failed run does not change after), kept inside the
 * window so a run created in it that failed after its end still counts in the last bucket.
 */

export interface FailureWindowBounds {
  preset: FailureWindow | null;
  fromMs: number;
  toMs: number;
  bucketMs: number;
}

/** Longest list of each grouping; the rest are the long tail nobody reads on one screen. */
export const MAX_FAILURE_GROUPS = 50;

interface Tally {
  runs: number;
  first: number;
  last: number;
  series: number[];
}

interface ErrorTally extends Tally {
  group: ErrorGroup;
  type: string | null;
  code: string | null;
  sources: Set<string | null>;
  tasks: Set<string | null>;
}

interface PlaceTally extends Tally {
  id: string | null;
  errors: Map<string, { group: ErrorGroup; code: string | null; runs: number }>;
}

export function aggregateFailures(runs: readonly RunIndexSnapshot[], window: FailureWindowBounds, truncated: boolean): FailuresResponse {
  const buckets = Math.max(1, Math.ceil((window.toMs - window.fromMs) / window.bucketMs));
  const series = new Array<number>(buckets).fill(0);
  const shares = new Map<ErrorGroup, number>(ERROR_GROUPS.map((group) => [group, 0]));
  const byError = new Map<string, ErrorTally>();
  const bySource = new Map<string | null, PlaceTally>();
  const byTask = new Map<string | null, PlaceTally>();
  let errorsPending = 0;

  for (const run of runs) {
    const at = Math.min(window.toMs, Math.max(window.fromMs, Date.parse(run.updatedAt) || window.fromMs));
    const bucket = Math.min(buckets - 1, Math.floor((at - window.fromMs) / window.bucketMs));
    series[bucket]! += 1;
    const errors = errorsOf(run);
    if (errors === null) errorsPending += 1;
    const distinct = distinctErrors(errors ?? []);
    const primary = distinct[0] ?? { type: null, code: null, group: 'unknown' as const };
    shares.set(primary.group, (shares.get(primary.group) ?? 0) + 1);

    for (const error of distinct.length > 0 ? distinct : [primary]) {
      const key = JSON.stringify([error.group, error.type, error.code]);
      let tally = byError.get(key);
      if (!tally) {
        tally = { ...newTally(buckets), group: error.group, type: error.type, code: error.code, sources: new Set(), tasks: new Set() };
        byError.set(key, tally);
      }
      count(tally, at, bucket);
      tally.sources.add(run.sourceId);
      tally.tasks.add(run.taskId);
    }
    for (const [places, id] of [
      [bySource, run.sourceId],
      [byTask, run.taskId],
    ] as const) {
      let tally = places.get(id);
      if (!tally) {
        tally = { ...newTally(buckets), id, errors: new Map() };
        places.set(id, tally);
      }
      count(tally, at, bucket);
      const errorKey = JSON.stringify([primary.group, primary.code]);
      const held = tally.errors.get(errorKey);
      if (held) held.runs += 1;
      else tally.errors.set(errorKey, { group: primary.group, code: primary.code, runs: 1 });
    }
  }

  return {
    window: {
      preset: window.preset,
      from: new Date(window.fromMs).toISOString(),
      to: new Date(window.toMs).toISOString(),
      bucketMs: window.bucketMs,
    },
    total: runs.length,
    series,
    shares: ERROR_GROUPS.map((group) => ({ group, runs: shares.get(group) ?? 0 })),
    byError: mostFirst([...byError.values()]).map((tally) => ({
      group: tally.group,
      type: tally.type,
      code: tally.code,
      ...counts(tally),
      sources: tally.sources.size,
      tasks: tally.tasks.size,
    })),
    bySource: mostFirst([...bySource.values()]).map((tally) => ({ sourceId: tally.id, ...counts(tally), topError: topError(tally) })),
    byTask: mostFirst([...byTask.values()]).map((tally) => ({ taskId: tally.id, ...counts(tally), topError: topError(tally) })),
    errorsPending,
    truncated,
  };
}

/** The run's errors with types; codes alone when that is all the index has; null when not known. */
function errorsOf(run: RunIndexSnapshot): RunIndexError[] | null {
  if (Array.isArray(run.errors)) return run.errors;
  if (run.errorCodes.length > 0) return run.errorCodes.map((code) => ({ type: null, code }));
  return null;
}

function distinctErrors(errors: readonly RunIndexError[]): Array<RunIndexError & { group: ErrorGroup }> {
  const seen = new Set<string>();
  const distinct: Array<RunIndexError & { group: ErrorGroup }> = [];
  for (const error of errors) {
    const key = JSON.stringify([error.type, error.code]);
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push({ type: error.type, code: error.code, group: errorGroup(error.type) });
  }
  return distinct;
}

function newTally(buckets: number): Tally {
  return { runs: 0, first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY, series: new Array<number>(buckets).fill(0) };
}

function count(tally: Tally, at: number, bucket: number): void {
  tally.runs += 1;
  tally.first = Math.min(tally.first, at);
  tally.last = Math.max(tally.last, at);
  tally.series[bucket]! += 1;
}

function counts(tally: Tally): { runs: number; firstSeen: string; lastSeen: string; series: number[] } {
  return { runs: tally.runs, firstSeen: new Date(tally.first).toISOString(), lastSeen: new Date(tally.last).toISOString(), series: tally.series };
}

/** Most runs first; ties by the latest failure, so what is failing now comes before what stopped. */
function mostFirst<T extends Tally>(tallies: T[]): T[] {
  return tallies.sort((a, b) => b.runs - a.runs || b.last - a.last).slice(0, MAX_FAILURE_GROUPS);
}

function topError(tally: PlaceTally): { group: ErrorGroup; code: string | null; runs: number } | null {
  let top: { group: ErrorGroup; code: string | null; runs: number } | null = null;
  for (const error of tally.errors.values()) if (!top || error.runs > top.runs) top = error;
  return top;
}
