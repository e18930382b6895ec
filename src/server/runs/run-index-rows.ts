import { RUN_ROW_ERRORS_MAX, RUN_ROW_MESSAGE_MAX, type RunRow, type RunView } from '@/contract/bff';
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
  /** A row, or what its row is built from the first time a list shows it (most reads never are). */
  readonly #rows = new Map<string, RunRow | { view: RunView }>();

  remember(row: RunRow): void {
    this.#keep(row.id, row);
  }

  /** `remember(toRunRow(view))`, with the row built only when a list asks for it. */
  rememberRead(view: RunView): void {
    this.#keep(view.id, { view: rowSourceOf(view) });
  }

  /** What is kept for a run: a row, or the light view a row will be built from. */
  heldFor(runId: string): RunRow | { view: RunView } | undefined {
    return this.#rows.get(runId);
  }

  rowFor(snapshot: RunIndexSnapshot): RunRow {
    const held = this.#rows.get(snapshot.runId);
    const read = held && 'view' in held ? held.view : held;
    // The index keeps times in one canonical spelling; the read row has the upstream's.
    if (!read || !sameInstant(read.updatedAt, snapshot.updatedAt) || cut(read.upstreamStatus, 100) !== cut(snapshot.upstreamStatus, 100))
      return rowFromSnapshot(snapshot);
    if (held && 'view' in held) {
      const row = toRunRow(held.view);
      // Replacing a key keeps its place in the map's order.
      this.#rows.set(snapshot.runId, row);
      return row;
    }
    return read as RunRow;
  }

  #keep(runId: string, held: RunRow | { view: RunView }): void {
    this.#rows.delete(runId);
    this.#rows.set(runId, held);
    if (this.#rows.size > REMEMBERED_ROWS) this.#rows.delete(this.#rows.keys().next().value as string);
  }
}

/**
 * The read view with only what `toRunRow` reads, so 5,000 remembered reads stay row-sized: no
 * output, input, files, screenshots or error extras, messages already cut to the longest a row
 * shows (cutting again to a shorter length gives what cutting the whole text would).
 */
function rowSourceOf(view: RunView): RunView {
  const { output, interaction } = view;
  return {
    id: view.id,
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
    canceledAt: view.canceledAt,
    // Stands in for the output: only whether there is one and whether it is encrypted count.
    output: output === null ? null : isEncryptedPayload(output) ? ENCRYPTED_OUTPUT : true,
    errors: view.errors.map((e) => ({ type: e.type, code: e.code, message: cut(e.message, RUN_ROW_MESSAGE_MAX), field: e.field })),
    interaction: interaction && { promptId: '', type: interaction.type, message: cut(interaction.message, RUN_ROW_MESSAGE_MAX), fields: [] },
    upstreamRequestId: null,
    sectionProblems: [],
  };
}

const ENCRYPTED_OUTPUT = 'enc_';

function sameInstant(a: string, b: string): boolean {
  const ms = Date.parse(a);
  return a === b || (!Number.isNaN(ms) && ms === Date.parse(b));
}
