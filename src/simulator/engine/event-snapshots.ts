import type { RunRecord, StorageRecord } from './run-record';
import { isoTime, runtimeMs, spellStatus, type CancelSpelling } from './run-wire-values';

/** Event `data` for task runs: the documented summary, never input, output, storage or interaction. */
export function runEventSnapshot(run: RunRecord, at: number, spelling: CancelSpelling): Record<string, unknown> {
  return {
    id: run.id,
    object: 'task_run',
    status: spellStatus(run.status, spelling),
    result: run.result,
    task_id: run.taskId,
    credential_id: run.credentialId,
    agent_id: run.agentId,
    source_id: run.sourceId,
    runtime_ms: runtimeMs(run, at),
    created_at: isoTime(run.createdAt),
    updated_at: isoTime(at),
  };
}

/** Event `data` for `storage.created`; no URL, since signed URLs are short-lived. */
export function storageEventSnapshot(item: StorageRecord): Record<string, unknown> {
  return {
    id: item.id,
    object: 'storage',
    file_name: item.fileName,
    file_type: item.fileType,
    file_size: item.bytes.length,
    task_run_id: item.runId,
    created_at: isoTime(item.createdAt),
  };
}
