import type { ScenarioEngine } from '../engine/scenario-engine';
import { makeRequestId, pick, seededRandom, type Random } from '../engine/random';
import { DEMO_AGENTS, DEMO_CREDENTIALS, DEMO_TASKS, DEMO_WORKFLOW } from './demo-fleet';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

type SeedAction = { atMs: number } & (
  { kind: 'answer'; input: Record<string, string> } | { kind: 'cancel' } | { kind: 'review'; decision: 'approve' | 'reject' }
);

interface SeedRun {
  scenario: string;
  /** How long ago the run was created. */
  ageMs: number;
  /** Things a person did to the run, relative to its creation. */
  actions?: SeedAction[];
}

const answerCode = (atMs: number): SeedAction => ({ kind: 'answer', atMs, input: { code: '482913' } });

/**
 * About 30 runs spread over the last 24 h covering every status, every failure type and the human
 * steps, plus four runs in the shapes a messier upstream sends. Finished runs are played from their creation time, so their screenshots, files and events
 * are exactly what a real history would hold. Fixed seed: same ids on every start.
 */
const SEED_RUNS: readonly SeedRun[] = [
  { scenario: 'success', ageMs: 23 * HOUR + 12 * MINUTE },
  { scenario: 'fail_session_timeout', ageMs: 22 * HOUR + 5 * MINUTE },
  { scenario: 'mfa', ageMs: 21 * HOUR + 40 * MINUTE, actions: [answerCode(50 * SECOND)] },
  { scenario: 'success', ageMs: 20 * HOUR + 3 * MINUTE },
  { scenario: 'fail_auth_invalid', ageMs: 19 * HOUR + 30 * MINUTE },
  { scenario: 'review', ageMs: 18 * HOUR + 47 * MINUTE, actions: [{ kind: 'review', decision: 'approve', atMs: 25 * MINUTE }] },
  { scenario: 'fail_source_not_available', ageMs: 17 * HOUR + 2 * MINUTE },
  { scenario: 'long_running', ageMs: 16 * HOUR + 20 * MINUTE, actions: [{ kind: 'cancel', atMs: 7 * MINUTE }] },
  { scenario: 'success', ageMs: 15 * HOUR + 55 * MINUTE },
  { scenario: 'completed_unknown', ageMs: 14 * HOUR + 10 * MINUTE },
  { scenario: 'fail_interaction_timeout', ageMs: 13 * HOUR + 33 * MINUTE },
  { scenario: 'security_question', ageMs: 12 * HOUR + 8 * MINUTE, actions: [{ kind: 'answer', atMs: 70 * SECOND, input: { answer: 'Biscuit' } }] },
  { scenario: 'fail_storage', ageMs: 11 * HOUR + 41 * MINUTE },
  { scenario: 'success', ageMs: 10 * HOUR + 15 * MINUTE },
  { scenario: 'fail_source_blocked', ageMs: 9 * HOUR + 26 * MINUTE },
  { scenario: 'encrypted_output', ageMs: 8 * HOUR + 50 * MINUTE },
  { scenario: 'fail_task_timeout', ageMs: 7 * HOUR + 34 * MINUTE },
  { scenario: 'mfa_wrong_code', ageMs: 6 * HOUR + 12 * MINUTE, actions: [answerCode(40 * SECOND), answerCode(2 * MINUTE)] },
  { scenario: 'fail_api_error', ageMs: 5 * HOUR + 5 * MINUTE },
  { scenario: 'account_selection', ageMs: 4 * HOUR + 22 * MINUTE, actions: [{ kind: 'answer', atMs: 55 * SECOND, input: { account_id: 'ACC-1001' } }] },
  { scenario: 'review', ageMs: 3 * HOUR + 40 * MINUTE, actions: [{ kind: 'review', decision: 'reject', atMs: 12 * MINUTE }] },
  { scenario: 'fail_organization', ageMs: 2 * HOUR + 58 * MINUTE },
  { scenario: 'success', ageMs: 2 * HOUR + 11 * MINUTE },
  { scenario: 'long_running', ageMs: 1 * HOUR + 30 * MINUTE, actions: [{ kind: 'cancel', atMs: 3 * MINUTE }] },
  { scenario: 'success', ageMs: 47 * MINUTE },
  // In progress right now:
  { scenario: 'review', ageMs: 31 * MINUTE },
  { scenario: 'slow_cancel', ageMs: 6 * MINUTE, actions: [{ kind: 'cancel', atMs: 5 * MINUTE + 30 * SECOND }] },
  { scenario: 'long_running', ageMs: 3 * MINUTE },
  { scenario: 'security_question', ageMs: 2 * MINUTE },
  { scenario: 'mfa', ageMs: 65 * SECOND },
  { scenario: 'slow_queue', ageMs: 40 * SECOND },
  { scenario: 'success', ageMs: 20 * SECOND },
  // Runs as a messier upstream sends them (drift scenarios; every other run stays clean). Last in the
  // list so the seeded ids above stay what they were.
  { scenario: 'drift_loose_errors', ageMs: 8 * HOUR + 5 * MINUTE },
  { scenario: 'drift_nulls', ageMs: 5 * HOUR + 35 * MINUTE },
  { scenario: 'drift_legacy_names', ageMs: 3 * HOUR + 5 * MINUTE },
  { scenario: 'drift_unknown_status', ageMs: 4 * MINUTE },
];

export const DEMO_SEED = 20_260_302;

export function seedDemoRuns(engine: ScenarioEngine): void {
  const random = seededRandom(DEMO_SEED);
  // A separate stream for request ids, so the run ids stay what they were before events carried them.
  const requestIds = seededRandom(DEMO_SEED + 1);
  const nextRequestId = () => makeRequestId(requestIds);
  const now = engine.clock.now();
  engine.withIdRandom(random, () => {
    for (const seed of SEED_RUNS) playSeedRun(engine, seed, now, random, nextRequestId);
    engine.tick(now);
  });
}

/** Plays a run from its creation; the creating call and each person's call get request ids, as API calls would. */
function playSeedRun(engine: ScenarioEngine, seed: SeedRun, now: number, random: Random, nextRequestId: () => string): void {
  const createdAt = now - seed.ageMs;
  const run = engine.createRun({
    requestId: nextRequestId(),
    scenario: seed.scenario,
    createdAt,
    taskId: pick(random, DEMO_TASKS),
    agentId: pick(random, DEMO_AGENTS),
    credentialId: random() < 0.8 ? pick(random, DEMO_CREDENTIALS) : null,
    workflowId: random() < 0.25 ? DEMO_WORKFLOW : null,
  });
  for (const action of seed.actions ?? []) {
    const at = createdAt + action.atMs;
    if (at > now) break;
    if (action.kind === 'answer') engine.submitInteraction(run.id, action.input, at, nextRequestId());
    else if (action.kind === 'cancel') engine.cancel(run.id, at, nextRequestId());
    else engine.review(run.id, action.decision, at);
  }
  engine.advanceRun(run, now);
}
