import type { RunResult, RunStatus } from '@/contract/run-status';
import type { DriftKind } from '../drift/drift-kinds';
import type { Random } from './random';
import type { InteractionSpec, PageKind, ScenarioDefinition, ScenarioStep, WireErrorItem } from '../scenarios/scenario-types';

/** The simulator's own bookkeeping for one run; the HTTP layer turns it into the wire shape. */

export interface ScreenshotRecord {
  index: number;
  createdAt: number;
  page: PageKind;
  url: string;
  reasoning: string;
  /** Size the image is padded to (rendered images are ~6 KB), so `file_size` matches the bytes served. */
  fileSize: number;
}

export interface StorageRecord {
  id: string;
  runId: string;
  fileName: string;
  fileType: string;
  bytes: Buffer;
  extraction: unknown;
  extractionResult: 'success' | 'failure';
  metadata: Record<string, unknown> | null;
  createdAt: number;
}

export interface InteractionState {
  spec: InteractionSpec;
  message: string;
  /** Submissions to this prompt so far. */
  attempts: number;
  expiresAt: number;
}

export interface RunRecord {
  id: string;
  /** Insertion order, breaks ties between runs created in the same millisecond. */
  sequence: number;
  taskId: string;
  agentId: string;
  sourceId: string | null;
  credentialId: string | null;
  sessionId: string | null;
  workflowId: string | null;
  scenario: ScenarioDefinition;
  steps: ScenarioStep[];
  timeScale: number;
  random: Random;
  /** Drifts this run always gets on the wire, whatever is switched on for all runs. */
  forcedDrifts: readonly DriftKind[];

  status: RunStatus;
  result: RunResult | null;
  /** Plain input as given, minus vaulted keys (or an `enc_…` string for encrypted payloads). */
  input: unknown;
  vaultedFields: string[];
  output: unknown;
  errors: WireErrorItem[] | null;
  interaction: InteractionState | null;

  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  /** When execution stopped (review gate or terminal); runtime stops growing here. */
  executionEndedAt: number | null;
  canceledAt: number | null;

  screenshots: ScreenshotRecord[];
  storage: StorageRecord[];

  // ---- agenda: what happens next and when (simulated ms); null = nothing scheduled
  stepIndex: number;
  stepDueAt: number | null;
  nextScreenshotAt: number | null;
  cancelDueAt: number | null;
  /** An answer being "tried on the site"; resolved when stepDueAt comes. */
  pendingAnswer: { accepted: boolean; interaction: InteractionState } | null;
  /** Screenshots taken during the current step; picks the next line of reasoning. */
  screenshotsInStep: number;
}
