import { RUN_ROW_ERRORS_MAX, type RunRow, type RunView } from '@/contract/bff';
import { isEncryptedPayload } from '@/contract/encrypted-payload';
import type { RunIndexError, RunIndexSnapshot } from '../store/event-store';
import { cut, toRunRow } from './run-row';

/**
 * Between a read run and Runwatch's run index: what the index keeps of a run read from the
 * upstream (so the index is never behind what a viewer saw), and a list row built from the index.
 */

/** The index's summary of a run as read (a list item or a detail read). */
export function snapshotOf(view: RunView): RunIndexSnapshot {
  return {
    runId: view.id,
    status: view.status,
    upstreamStatus: view.upstreamStatus,
    result: view.result,
    taskId: view.taskId,
    agentId: view.agentId,
    sourceId: view.sourceId,
    credentialId: view.credentialId,
    sessionId: view.sessionId,
    workflowId: view.workflowId,
    runtimeMs: view.runtimeMs,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    errorCodes: view.errors.flatMap((e) => (e.code ? [e.code] : [])),
    errors: view.errors.map((e) => ({ type: e.type, code: e.code })),
    interactionType: view.interaction?.type ?? null,
  };
}

/**
 * A list row from the index alone. The index has no free text: error items carry their code with
 * an empty message, a waiting prompt its type with an empty message; output and cancel time are
 * unknown to it (a row read from the upstream in the same state carries them, see `RunRowMemory`).
 */
export function rowFromSnapshot(snapshot: RunIndexSnapshot): RunRow {
  return {
    id: snapshot.runId,
    status: snapshot.status,
    upstreamStatus: cut(snapshot.upstreamStatus, 100),
    result: snapshot.result,
    taskId: snapshot.taskId,
    agentId: snapshot.agentId,
    sourceId: snapshot.sourceId,
    credentialId: snapshot.credentialId,
    sessionId: snapshot.sessionId,
    workflowId: snapshot.workflowId,
    runtimeMs: snapshot.runtimeMs,
    createdAt: snapshot.createdAt,
    updatedAt: snapshot.updatedAt,
    canceledAt: null,
    errors: indexErrors(snapshot)
      .slice(0, RUN_ROW_ERRORS_MAX)
      .map((e) => ({ type: e.type === null ? null : cut(e.type, 64), code: e.code === null ? null : cut(e.code, 64), message: '', field: null })),
    errorCount: indexErrors(snapshot).length,
    interaction: snapshot.interactionType === null ? null : { type: cut(snapshot.interactionType, 64), message: '' },
    hasOutput: false,
    outputEncrypted: false,
  };
}

/** The run's errors as the index knows them: with their types when it has them, else its codes alone. */
function indexErrors(snapshot: RunIndexSnapshot): RunIndexError[] {
  return snapshot.errors ?? snapshot.errorCodes.map((code) => ({ type: null, code }));
}

/** Rows kept of recent upstream reads, newest last; bounded. */
const REMEMBERED_ROWS = 5_000;

/**
 * The last full row Runwatch built from an upstream read of each run. A row served from the index
 * uses it while the run is still in the state that read saw (same `updatedAt` and status), so a
 * run someone looked at keeps its error messages, prompt message and output flags in the list.
 */
export class RunRowMemory {
  readonly #rows = new Map<string, RunRow>();

  remember(row: RunRow): void {
    this.#rows.delete(row.id);
    this.#rows.set(row.id, row);
    if (this.#rows.size > REMEMBERED_ROWS) this.#rows.delete(this.#rows.keys().next().value as string);
  }

  /**
   * Remembers the row of a run read from the upstream. A page polling a run that did not change
   * reads the same state again and again: the row built from the first such read is kept (and
   * counts as recent), rather than built and measured anew on every poll.
   */
  rememberRead(view: RunView): void {
    const known = this.#rows.get(view.id);
    this.remember(known && showsSameState(known, view) ? known : toRunRow(view));
  }

  rowFor(snapshot: RunIndexSnapshot): RunRow {
    const read = this.#rows.get(snapshot.runId);
    // The index keeps times in one canonical spelling; the read row has the upstream's.
    if (read && sameInstant(read.updatedAt, snapshot.updatedAt) && read.upstreamStatus === cut(snapshot.upstreamStatus, 100)) return read;
    return rowFromSnapshot(snapshot);
  }
}

/** Whether a remembered row was built from a read of the run in the state `view` shows. */
function showsSameState(row: RunRow, view: RunView): boolean {
  return (
    row.updatedAt === view.updatedAt &&
    row.status === view.status &&
    row.upstreamStatus === cut(view.upstreamStatus, 100) &&
    row.result === view.result &&
    row.runtimeMs === view.runtimeMs &&
    row.canceledAt === view.canceledAt &&
    row.errorCount === view.errors.length &&
    row.hasOutput === (view.output !== null) &&
    row.outputEncrypted === isEncryptedPayload(view.output) &&
    (row.interaction?.type ?? null) === (view.interaction === null ? null : cut(view.interaction.type, 64))
  );
}

function sameInstant(a: string, b: string): boolean {
  const ms = Date.parse(a);
  return a === b || (!Number.isNaN(ms) && ms === Date.parse(b));
}
