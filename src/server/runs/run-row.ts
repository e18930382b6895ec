import { RUN_ROW_ERRORS_MAX, RUN_ROW_MESSAGE_MAX, type RunRow, type RunView, type UnreadableRunRow } from '@/contract/bff';
import { isEncryptedPayload } from '@/contract/encrypted-payload';
import type { UnreadableRunError } from './read-task-run';

/** Most bytes of JSON one row may take (a list of 50 runs must not ship a 5 MB output on every poll). */
export const RUN_ROW_MAX_BYTES = 1024;

/** Ever shorter free text until the row fits: long messages, then fewer error items. */
const FITS = [
  { message: RUN_ROW_MESSAGE_MAX, errors: RUN_ROW_ERRORS_MAX },
  { message: 120, errors: RUN_ROW_ERRORS_MAX },
  { message: 60, errors: 2 },
  { message: 40, errors: 1 },
] as const;

/**
 * A run as one row of the runs list: the summary only. Output, input, files and screenshots stay
 * out and free text is cut, so a row fits in RUN_ROW_MAX_BYTES whatever the run holds.
 */
export function toRunRow(view: RunView): RunRow {
  let row = rowWithin(view, FITS[0]);
  for (const fit of FITS.slice(1)) {
    if (Buffer.byteLength(JSON.stringify(row)) <= RUN_ROW_MAX_BYTES) break;
    row = rowWithin(view, fit);
  }
  return row;
}

function rowWithin(view: RunView, fit: { message: number; errors: number }): RunRow {
  return {
    id: view.id,
    status: view.status,
    upstreamStatus: cut(view.upstreamStatus, 100),
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
    // Extra fields stay on the run page; a row names the error only.
    errors: view.errors.slice(0, fit.errors).map((e) => ({
      type: e.type === null ? null : cut(e.type, 64),
      code: e.code === null ? null : cut(e.code, 64),
      message: cut(e.message, fit.message),
      field: e.field === null ? null : cut(e.field, 64),
    })),
    errorCount: view.errors.length,
    interaction: view.interaction ? { type: cut(view.interaction.type, 64), message: cut(view.interaction.message, fit.message) } : null,
    hasOutput: view.output !== null,
    outputEncrypted: isEncryptedPayload(view.output),
  };
}

export function toUnreadableRunRow(error: UnreadableRunError): UnreadableRunRow {
  return {
    unreadable: true,
    id: error.runId === null ? null : cut(error.runId, 100),
    upstreamStatus: error.upstreamStatus === null ? null : cut(error.upstreamStatus, 100),
    problem: cut(error.problem, RUN_ROW_MESSAGE_MAX),
  };
}

/** Cuts to at most `max` UTF-16 units, ending with an ellipsis, never splitting a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + '…';
}
