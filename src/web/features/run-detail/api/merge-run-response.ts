import type { RunActionResponse, RunResponse } from '../../../../contract/bff';

/**
 * Folds a run returned by an action (cancel, answer) into the cached detail. Actions may return
 * the run without its optional sections; those are kept from the cache rather than dropped.
 */
export function mergeRunResponse(cached: RunResponse | undefined, fresh: RunResponse): RunResponse {
  if (!cached) return fresh;
  const run = { ...fresh.run };
  if (run.input === undefined && cached.run.input !== undefined) run.input = cached.run.input;
  if (run.vaultedFields === undefined) run.vaultedFields = cached.run.vaultedFields;
  if (run.files === undefined) run.files = cached.run.files;
  if (run.screenshots === undefined) run.screenshots = cached.run.screenshots;
  return { run, freshness: fresh.freshness };
}

/**
 * The run an accepted action brought back, as a detail response; null when the server could not
 * re-read it (the page then refetches). Without its own freshness the copy counts as just read.
 */
export function actionRunResponse(action: RunActionResponse, nowIso: string): RunResponse | null {
  if (action.run === null) return null;
  return { run: action.run, freshness: action.freshness ?? { stale: false, fetchedAt: nowIso, ageSeconds: 0 } };
}
