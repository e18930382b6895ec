import type { TimelineEntry } from '@/contract/bff';
import { normalizeStatus } from '@/contract/run-status';
import type { RunObservation } from './observation-store';

/** How long request ids are kept for lookups (the upstream keeps events 30 days). */
export const REQUEST_ID_RETENTION_DAYS = 30;

/**
 * What the NOT NULL `status` column holds for a status Runwatch does not recognise; the row's
 * `upstream_status` says which one it was.
 */
export const UNRECOGNISED_STATUS = '';

/** The last stored observation of a run, as both engines keep it. */
export interface StoredObservation {
  status: string;
  upstream_status: string;
  result: string | null;
  error_codes: string;
  upstream_updated_at: string | null;
  runtime_ms: number | null;
}

/** One stored observation as the timeline shows it. */
export interface StoredTimelineRow extends StoredObservation {
  observed_at: string;
}

/** What writing one observation changes; null when it is a late reply older than what is stored. */
export interface ObservationWrite {
  /** A new timeline entry: the status, result or errors changed. */
  addEntry: boolean;
  status: string;
  errorCodes: string;
  /** The run's newest upstream update time after this write. */
  keptUpdatedAt: string | null;
}

/**
 * Decides one queued observation against what the store holds for its run: `last` (its newest
 * timeline entry) and `storedUpdatedAt` (the newest upstream update time kept for it).
 */
export function planObservationWrite(o: RunObservation, last: StoredObservation | undefined, storedUpdatedAt: string | null): ObservationWrite | null {
  const newest = newerInstant(instantOf(storedUpdatedAt), instantOf(last?.upstream_updated_at));
  const instant = instantOf(o.upstreamUpdatedAt);
  if (isOlder(instant, newest)) return null;
  // A time that cannot be read does not replace one that can: later reads are still compared to it.
  const keptUpdatedAt = instant === null && instantOf(storedUpdatedAt) !== null ? storedUpdatedAt : o.upstreamUpdatedAt;
  const errorCodes = JSON.stringify(o.errorCodes);
  const status = o.status ?? UNRECOGNISED_STATUS;
  // Two different unrecognised statuses are two entries; a known one is told apart by its canonical name.
  const sameStatus = last !== undefined && last.status === status && (status !== UNRECOGNISED_STATUS || last.upstream_status === o.upstreamStatus);
  const addEntry = !sameStatus || last.result !== o.result || last.error_codes !== errorCodes;
  return { addEntry, status, errorCodes, keptUpdatedAt };
}

/** What makes two reads of a run the same observation: an unchanged poll costs no write. */
export const observationSignature = (o: RunObservation) =>
  JSON.stringify([o.status, o.status === null ? o.upstreamStatus : null, o.result, o.errorCodes, o.upstreamUpdatedAt, o.runtimeMs]);

export function timelineEntryOf(row: StoredTimelineRow): TimelineEntry {
  return {
    // Stored as the canonical name, or UNRECOGNISED_STATUS (which normalises to null).
    status: normalizeStatus(row.status),
    upstreamStatus: row.upstream_status,
    observedAt: row.observed_at,
    upstreamUpdatedAt: row.upstream_updated_at,
    runtimeMs: row.runtime_ms,
    result: row.result === 'success' || row.result === 'failure' || row.result === 'unknown' ? row.result : null,
    errorCodes: parseCodes(row.error_codes),
    source: 'observed',
  };
}

/** Epoch ms of an upstream timestamp; null when there is none or it cannot be read. */
export function instantOf(timestamp: string | null | undefined): number | null {
  if (!timestamp) return null;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? null : ms;
}

/** Only two readable times can be ordered; an unreadable one is never reason to drop a read. */
export function isOlder(instant: number | null, newest: number | null): boolean {
  return instant !== null && newest !== null && instant < newest;
}

export function newerInstant(a: number | null, b: number | null | undefined): number | null {
  if (a === null) return b ?? null;
  if (b === null || b === undefined) return a;
  return Math.max(a, b);
}

function parseCodes(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
