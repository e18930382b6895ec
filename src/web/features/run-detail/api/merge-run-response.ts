import type { RunActionResponse, RunResponse } from '@/contract/bff';
import { isTerminal } from '@/contract/run-status';
import type { RunScreenshotsResponse } from '@/contract/run-screenshots';

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

/**
 * Folds screenshots from the screenshot progress endpoint (from position `after` on) into the cached
 * detail. Only ever adds: a list that is not longer than the one held changes nothing.
 */
export function withNewScreenshots(cached: RunResponse | undefined, progress: RunScreenshotsResponse, after: number): RunResponse | undefined {
  const held = cached?.run.screenshots;
  if (!cached || !held || progress.runId !== cached.run.id || after > held.length) return cached;
  const merged = [...held.slice(0, after), ...progress.screenshots];
  if (merged.length <= held.length) return cached;
  return { ...cached, run: { ...cached.run, screenshots: merged } };
}

/**
 * A poll of a working run must not take back screenshots the gallery already shows: a read that
 * started before the newest screenshot progress arrived carries fewer of them.
 */
export function keepNewerScreenshots(cached: RunResponse | undefined, fresh: RunResponse): RunResponse {
  const held = cached?.run.screenshots;
  const got = fresh.run.screenshots;
  if (!cached || !held || !got || cached.run.id !== fresh.run.id || held.length <= got.length) return fresh;
  if (fresh.run.status !== null && isTerminal(fresh.run.status)) return fresh;
  return { ...fresh, run: { ...fresh.run, screenshots: [...got, ...held.slice(got.length)] } };
}
