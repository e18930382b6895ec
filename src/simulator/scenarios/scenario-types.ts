import type { RunResult } from '@/contract/run-status';
import type { DriftKind } from '../drift/drift-kinds';
import type { Random } from '../engine/random';
import type { TaskProfile } from './task-profiles';

/** Kinds of page the screenshot renderer knows how to draw. */
export type PageKind = 'login' | 'mfa' | 'question' | 'accounts' | 'dashboard' | 'table' | 'document' | 'download' | 'error';

export interface WireErrorItem {
  /** Always set by the newest revision; drift scenarios leave it out. */
  type?: string;
  code?: string;
  message: string;
  field?: string | null;
  /** Fields the contract does not name (drift scenarios only). */
  [extra: string]: unknown;
}

export interface InteractionFieldSpec {
  name: string;
  type: string;
  label: string;
  /** Not in the contract; only sent when the `fieldOptions` setting is on (docs/upstream-contract.md, open point 5). */
  options?: { value: string; label: string }[];
}

export interface InteractionSpec {
  type: string;
  message: string;
  /** Shown on the fresh prompt after an answer was rejected. */
  rejectedMessage: string;
  fields: InteractionFieldSpec[];
  page: PageKind;
  /** How long the prompt waits for an answer before the run fails with `interaction_timeout`. */
  windowMs: number;
  /** Whether `windowMs` is multiplied by the run's time scale (true for prompts meant to expire). */
  windowScales: boolean;
  /** Decides whether an answer is accepted; `attempt` counts submissions to this prompt from 1. */
  accepts: (answer: Record<string, string>, attempt: number) => boolean;
}

export interface StoredFileSpec {
  fileName: string;
  fileType: string;
  bytes: Buffer;
  extraction: unknown;
  extractionResult: 'success' | 'failure';
  metadata: Record<string, unknown> | null;
}

/** What a scenario step gets to build outputs and files that vary per run. */
export interface StepContext {
  runId: string;
  taskId: string;
  now: number;
  random: Random;
}

export type ScenarioStep =
  /** queued -> running. */
  | { kind: 'start' }
  /** Agent works on a page for a while; screenshots are captured at the run's cadence. */
  | { kind: 'work'; durationMs: number; page: PageKind; url: string; reasoning: readonly string[] }
  | { kind: 'interact'; interaction: InteractionSpec }
  | { kind: 'store'; file: (context: StepContext) => StoredFileSpec }
  /** Execution done; hold for the review control with this output. */
  | { kind: 'review'; output: (context: StepContext) => unknown }
  | { kind: 'complete'; result: Exclude<RunResult, 'failure'>; output: (context: StepContext) => unknown }
  | { kind: 'fail'; error: WireErrorItem | readonly WireErrorItem[]; output?: (context: StepContext) => unknown };

export interface ScenarioDefinition {
  name: string;
  description: string;
  /** Time spent in `queued` before the first step (scaled). */
  queueMs: number;
  /** Time between a cancel request and `canceled` (scaled). */
  cancelDelayMs: number;
  /** Output and input come back as `enc_…` strings, like an org with payload encryption. */
  encryptedPayload: boolean;
  /** Input used when the caller gives none; defaults to the task profile's input. */
  defaultInput?: (profile: TaskProfile, random: Random) => Record<string, unknown>;
  steps: (profile: TaskProfile) => ScenarioStep[];
  /** Drifts every run of this scenario gets on the wire (see drift/drift-kinds.ts). */
  drifts?: readonly DriftKind[];
}
