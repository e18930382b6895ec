import { API_ERROR } from '@/contract/api-errors';
import { apiErrorSchema, runActionResponseSchema } from '@/contract/bff';
import type { BulkCancelResult } from '@/contract/bulk';
import { isCancelable } from '@/contract/run-status';
import type { EventStore } from '../store/event-store';

/** Cancels in flight at once: enough to finish a page of runs quickly, few enough to leave the action lane to others. */
export const BULK_CANCEL_CONCURRENCY = 2;

/** Sends one run's cancel through the single-run cancel route and returns its HTTP answer. */
export type CancelOne = (runId: string) => Promise<Response>;

/**
 * Cancels each run in turn (a small, fixed number at once) and says what happened to each. A run
 * the run index already knows as finished or canceling is skipped without asking the upstream;
 * every other run goes through `cancelOne`, which audits it, sends it once and follows it up.
 */
export async function cancelEach(
  runIds: readonly string[],
  deps: { cancelOne: CancelOne; events?: EventStore; concurrency?: number },
): Promise<BulkCancelResult[]> {
  const results: BulkCancelResult[] = new Array<BulkCancelResult>(runIds.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < runIds.length) {
      const index = next++;
      results[index] = await cancelOneRun(runIds[index]!, deps);
    }
  }
  const workers = Math.max(1, Math.min(deps.concurrency ?? BULK_CANCEL_CONCURRENCY, runIds.length));
  await Promise.all(Array.from({ length: workers }, () => worker()));
  return results;
}

async function cancelOneRun(runId: string, deps: { cancelOne: CancelOne; events?: EventStore }): Promise<BulkCancelResult> {
  const known = await deps.events?.getRun(runId).catch(() => null);
  if (known && known.status !== null && !isCancelable(known.status)) {
    return { runId, outcome: 'skipped', code: API_ERROR.not_cancelable, message: `the run is ${known.status}`, status: known.status };
  }
  let response: Response;
  try {
    response = await deps.cancelOne(runId);
  } catch {
    return { runId, outcome: 'failed', code: API_ERROR.internal_error, message: 'the cancel could not be sent', status: null };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const parsed = runActionResponseSchema.safeParse(body);
    const run = parsed.success ? parsed.data.run : null;
    return { runId, outcome: 'requested', code: null, message: null, status: run ? (run.status ?? run.upstreamStatus) : null };
  }
  const error = apiErrorSchema.safeParse(body);
  return {
    runId,
    outcome: 'failed',
    code: error.success ? error.data.error.code : `http_${response.status}`,
    message: error.success ? error.data.error.message : `Runwatch answered HTTP ${response.status}`,
    status: null,
  };
}
