import type { ScenarioStep } from '../scenarios/scenario-types';
import type { RunRecord } from './run-record';

/** What a run has scheduled next, read from its agenda fields. */

export type NextAction = { kind: 'cancel' | 'screenshot' | 'interaction_expired' | 'step'; at: number };

/** The earliest scheduled action; on a tie the order below wins (cancel beats everything). */
export function nextAction(run: RunRecord): NextAction | null {
  const candidates: NextAction[] = [];
  if (run.cancelDueAt !== null) candidates.push({ kind: 'cancel', at: run.cancelDueAt });
  if (run.status === 'running' && run.nextScreenshotAt !== null) candidates.push({ kind: 'screenshot', at: run.nextScreenshotAt });
  if (run.status === 'interaction_required' && run.interaction) candidates.push({ kind: 'interaction_expired', at: run.interaction.expiresAt });
  if (run.stepDueAt !== null) candidates.push({ kind: 'step', at: run.stepDueAt });
  let best: NextAction | null = null;
  for (const candidate of candidates) if (!best || candidate.at < best.at) best = candidate;
  return best;
}

export function currentWorkStep(run: RunRecord): Extract<ScenarioStep, { kind: 'work' }> | undefined {
  for (let i = Math.min(run.stepIndex, run.steps.length - 1); i >= 0; i -= 1) {
    const step = run.steps[i];
    if (step?.kind === 'work') return step;
  }
  return undefined;
}

export function currentUrl(run: RunRecord): string {
  return currentWorkStep(run)?.url ?? 'about:blank';
}
