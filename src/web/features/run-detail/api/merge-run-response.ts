import type { RunResponse } from '../../../../contract/bff';

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
