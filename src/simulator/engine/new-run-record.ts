import type { DriftKind } from '../drift/drift-kinds';
import type { ScenarioDefinition } from '../scenarios/scenario-types';
import { profileForTask } from '../scenarios/task-profiles';
import { encryptPayload } from './payload-encryption';
import { hashString, makeId, seededRandom, type Random } from './random';
import type { RunRecord } from './run-record';
import { splitVaultedInput } from './vaulted-input';

export interface CreateRunRequest {
  scenario: string;
  /** Multiplies every scripted duration; 0.1 plays the run 10x faster. */
  timeScale?: number;
  taskId?: string;
  agentId?: string;
  sourceId?: string | null;
  credentialId?: string | null;
  sessionId?: string | null;
  workflowId?: string | null;
  input?: unknown;
  /** Drifts forced on this run in addition to its scenario's own. */
  drift?: readonly DriftKind[];
  /** Simulated creation time; defaults to now. The demo seed creates runs in the past. */
  createdAt?: number;
  /** The API request that created the run; its `task_run.queued` event carries it. */
  requestId?: string | null;
}

/** A fresh `queued` record whose first step is due once the scenario's queue time has passed. */
export function newRunRecord(
  scenario: ScenarioDefinition,
  request: CreateRunRequest,
  context: { createdAt: number; sequence: number; idRandom: Random },
): RunRecord {
  const { createdAt, idRandom } = context;
  const id = makeId('trun_', idRandom);
  const taskId = request.taskId ?? makeId('task_', idRandom, 8);
  const profile = profileForTask(taskId);
  // Per-run variation (outputs, files) derives from the id, so a run always looks the same.
  const random = seededRandom(hashString(id));
  const rawInput = request.input !== undefined ? request.input : (scenario.defaultInput?.(profile, random) ?? profile.defaultInput(random));
  const input = scenario.encryptedPayload ? { input: encryptPayload(rawInput, random), vaultedFields: [] } : splitVaultedInput(rawInput);
  const timeScale = clampTimeScale(request.timeScale);

  return {
    id,
    sequence: context.sequence,
    taskId,
    agentId: request.agentId ?? makeId('agt_', idRandom, 8),
    sourceId: request.sourceId !== undefined ? request.sourceId : profile.sourceId,
    credentialId: request.credentialId ?? null,
    sessionId: request.sessionId ?? null,
    workflowId: request.workflowId ?? null,
    scenario,
    steps: scenario.steps(profile),
    timeScale,
    random,
    forcedDrifts: [...new Set([...(scenario.drifts ?? []), ...(request.drift ?? [])])],
    status: 'queued',
    result: null,
    input: input.input,
    vaultedFields: input.vaultedFields,
    output: null,
    errors: null,
    interaction: null,
    createdAt,
    updatedAt: createdAt,
    startedAt: null,
    executionEndedAt: null,
    canceledAt: null,
    screenshots: [],
    storage: [],
    stepIndex: 0,
    stepDueAt: createdAt + scenario.queueMs * timeScale,
    nextScreenshotAt: null,
    cancelDueAt: null,
    pendingAnswer: null,
    screenshotsInStep: 0,
  };
}

function clampTimeScale(timeScale: number | undefined): number {
  if (timeScale === undefined || !Number.isFinite(timeScale)) return 1;
  return Math.min(100, Math.max(0.0001, timeScale));
}
