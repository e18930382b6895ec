import { API_ERROR } from '@/contract/api-errors';
import type { RunResult, RunStatus } from '@/contract/run-status';

/** One upstream event after normalisation ("" → null, unknown types kept). */
export interface IngestedEvent {
  /** evt_… */
  id: string;
  /** e.g. task_run.completed */
  type: string;
  /** ISO 8601 from the event. */
  createdAt: string;
  /** data.id for task_run.* events (data.task_run_id for storage.*), else null. */
  runId: string | null;
  /** The API request behind the event, when the upstream says; null for events the platform caused itself. */
  requestId: string | null;
  /** For task_run.* events: the snapshot in `data`. */
  run: RunIndexSnapshot | null;
}

/** What the index keeps of a run: a summary, never input/output. */
export interface RunIndexSnapshot {
  runId: string;
  /** null = unrecognised (see upstreamStatus). */
  status: RunStatus | null;
  upstreamStatus: string;
  result: RunResult | null;
  taskId: string | null;
  agentId: string | null;
  sourceId: string | null;
  credentialId: string | null;
  sessionId: string | null;
  workflowId: string | null;
  runtimeMs: number | null;
  /** The run's created_at. */
  createdAt: string;
  /** The run's updated_at. */
  updatedAt: string;
  /** Empty from events (no errors body); filled by reads. */
  errorCodes: string[];
  /**
   * The run's errors with their type, when known: from a read, or from an event whose data carries
   * `errors`. Absent or null: not known beyond `errorCodes` (their types then read as null). An
   * empty array means a read found none.
   */
  errors?: RunIndexError[] | null;
  /** Known only from reads. */
  interactionType: string | null;
}

/** One error of a failed run as the index keeps it: type and code (the message stays upstream). */
export interface RunIndexError {
  type: string | null;
  code: string | null;
}

export type EventSource = 'catch_up' | 'webhook' | 'backfill';

export interface IngestResult {
  inserted: number;
  duplicates: number;
  /** Runs whose index entry was created or changed (an older event adds history but changes nothing here). */
  changedRunIds: string[];
  /** Events not stored because a timestamp could not be read or the ids disagree; the rest of the batch is stored. */
  rejected?: RejectedEvent[];
}

export interface RejectedEvent {
  eventId: string;
  reason: string;
}

/** Filters are ANDed; an absent or empty list does not filter. */
export interface RunIndexFilter {
  /** Matched against the canonical status or the raw upstream status. */
  statuses?: string[];
  /** Matched against the result. */
  outcomes?: string[];
  taskId?: string;
  sourceId?: string;
  agentId?: string;
  credentialId?: string;
  /** Runs created strictly after this instant (ISO 8601), as the upstream's `created_after`. */
  createdAfter?: string;
  /** Runs created strictly before this instant (ISO 8601). */
  createdBefore?: string;
  /** Runs with at least one error of one of these codes. */
  errorCodes?: string[];
  /** Runs with at least one error whose type falls in one of these groups (src/contract/error-groups.ts). */
  errorGroups?: string[];
}

export interface RunIndexPage {
  runs: RunIndexSnapshot[];
  nextCursor: string | null;
}

export interface StatusHistoryEntry {
  status: RunStatus | null;
  upstreamStatus: string;
  at: string;
  eventId: string;
  eventType: string;
  result: RunResult | null;
  runtimeMs: number | null;
}

export interface CatchUpState {
  /** created_at of the newest event applied, and the ids seen at exactly that instant (for overlap dedupe). */
  watermark: string | null;
  idsAtWatermark: string[];
  backfill: {
    state: 'not_started' | 'running' | 'done';
    startedAt: string | null;
    finishedAt: string | null;
    oldestReached: string | null;
    eventsIngested: number;
  };
}

export interface RequestLookup {
  requestId: string;
  runId: string;
  at: string;
}

export interface EventStore {
  /** Dedupe on event id; index a run only forward (event createdAt ≥ the run's newest applied); history kept. */
  ingest(events: IngestedEvent[], source: EventSource): Promise<IngestResult>;
  /** From an upstream read or list (back-fill, reconcile): same "never go back" rule, by updatedAt. Returns the changed run ids. */
  upsertRuns(runs: RunIndexSnapshot[]): Promise<string[]>;
  getRun(runId: string): Promise<RunIndexSnapshot | null>;
  /**
   * Newest created first, keyset cursor (an empty one is the first page). Throws InvalidCursorError
   * for a cursor it did not issue or issued under another filter, InvalidRunFilterError for an
   * unreadable time, RangeError for a limit outside 1–1000.
   */
  listRuns(filter: RunIndexFilter, page: { limit: number; cursor: string | null }): Promise<RunIndexPage>;
  /** Keyed by canonical status, or by the raw upstream status for one Runwatch does not know. */
  countByStatus(filter?: RunIndexFilter): Promise<Record<string, number>>;
  /** Oldest first. */
  statusHistory(runId: string): Promise<StatusHistoryEntry[]>;
  lookupRequest(requestId: string): Promise<RequestLookup | null>;
  /** Failed runs whose errors the index has not learned yet (never read with their errors), most recently updated first. */
  failedRunsWithoutErrors(limit: number): Promise<string[]>;
  getCatchUpState(): Promise<CatchUpState>;
  setCatchUpState(state: CatchUpState): Promise<void>;
  /** Webhook delivery ids seen (dedupe before parsing), kept 24 h. False when already seen. */
  markDeliverySeen(deliveryId: string): Promise<boolean>;
  /** Unmarks a delivery whose event could not be stored, so the upstream's retry of it is taken in. */
  forgetDelivery(deliveryId: string): Promise<void>;
  close(): Promise<void>;
}

/** The catch-up state of a store that has never applied an event. */
export function initialCatchUpState(): CatchUpState {
  return {
    watermark: null,
    idsAtWatermark: [],
    backfill: { state: 'not_started', startedAt: null, finishedAt: null, oldestReached: null, eventsIngested: 0 },
  };
}

/** A list cursor that this store did not issue (or that was altered): the route answers 400 `invalid_cursor`. */
export class InvalidCursorError extends Error {
  readonly code = API_ERROR.invalid_cursor;
  constructor(readonly reason: string) {
    super(`invalid cursor: ${reason}`);
    this.name = 'InvalidCursorError';
  }
}

/** A filter value the store cannot use (a timestamp that does not parse): the route answers 400. */
export class InvalidRunFilterError extends Error {
  readonly code = 'invalid_filter';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`invalid filter ${field}: ${reason}`);
    this.name = 'InvalidRunFilterError';
  }
}
