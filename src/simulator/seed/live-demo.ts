import type { ScenarioEngine } from '../engine/scenario-engine';
import { cryptoRandom, makeRequestId, pick, randomInt } from '../engine/random';
import { DEMO_AGENTS, DEMO_CREDENTIALS, DEMO_TASKS } from './demo-fleet';

/** Runs (of any origin) the demo keeps moving so the console always has something going on. */
const LIVE_TARGET = 3;
const CHECK_INTERVAL_MS = 1_000;
/** A review nobody decides is approved by the demo's "reviewer" after this long (simulated). */
const AUTO_APPROVE_AFTER_MS = 8 * 60_000;

/** Weighted: mostly successes, some human pauses, a few failures. */
const LIVE_SCENARIOS = [
  'success',
  'success',
  'success',
  'success',
  'mfa',
  'security_question',
  'account_selection',
  'review',
  'completed_unknown',
  'fail_auth_invalid',
  'fail_source_not_available',
  'fail_api_error',
] as const;

/** Starts new runs as old ones finish; returns a stop function. */
export function startLiveDemo(engine: ScenarioEngine): () => void {
  const random = cryptoRandom();
  const started = new Set<string>();
  let nextStartAt = engine.clock.now();

  const check = () => {
    const now = engine.clock.now();
    engine.tick(now);
    for (const id of [...started]) {
      const run = engine.getRun(id);
      if (!run || run.status === 'completed' || run.status === 'failed' || run.status === 'canceled') {
        started.delete(id);
      } else if (run.status === 'review_required' && now - run.updatedAt > AUTO_APPROVE_AFTER_MS) {
        engine.review(id, 'approve', now);
      }
    }
    // Runs waiting for a person do not count: the demo keeps moving while they wait.
    const moving = engine.activeRuns().filter((run) => run.status === 'queued' || run.status === 'running' || run.status === 'canceling').length;
    if (moving < LIVE_TARGET && now >= nextStartAt) {
      const run = engine.createRun({
        // As if the organisation's automation had called POST /tasks/{id}/run.
        requestId: makeRequestId(random),
        scenario: pick(random, LIVE_SCENARIOS),
        taskId: pick(random, DEMO_TASKS),
        agentId: pick(random, DEMO_AGENTS),
        credentialId: pick(random, DEMO_CREDENTIALS),
      });
      started.add(run.id);
      nextStartAt = now + randomInt(random, 4_000, 15_000);
    }
  };

  const timer = setInterval(check, CHECK_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
