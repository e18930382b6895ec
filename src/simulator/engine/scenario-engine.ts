import { isCancelable, isTerminal } from '@/contract/run-status';
import { findScenario } from '../scenarios/scenario-catalog';
import { SourceOutages } from './source-outages';
import type { ScenarioStep, StepContext } from '../scenarios/scenario-types';
import { EventLog } from './event-log';
import { runEventSnapshot, storageEventSnapshot } from './event-snapshots';
import type { CancelSpelling } from './run-wire-values';
import { newRunRecord, type CreateRunRequest } from './new-run-record';
import { encryptPayload } from './payload-encryption';
import { cryptoRandom, hashString, makeId, type Random } from './random';
import { currentUrl, currentWorkStep, nextAction } from './run-agenda';
import type { InteractionState, RunRecord, StorageRecord } from './run-record';
import type { SimClock } from './sim-clock';

/** One screenshot every ~5 s of (scaled) simulated time while the agent works. */
const SCREENSHOT_CADENCE_MS = 5_000;
/** Time the agent takes to try a submitted answer on the site before resuming or re-prompting. */
const ANSWER_CHECK_MS = 3_000;
/** A long-running demo keeps at most this many runs; the oldest finished ones are dropped beyond it. */
const MAX_RUNS = 5_000;
const PRUNE_BATCH = 200;
/** Safety bound on work done per run per tick, so a huge clock jump cannot spin forever. */
const MAX_ACTIONS_PER_ADVANCE = 200_000;

export type EngineFailure =
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'not_cancelable' }
  | { ok: false; reason: 'not_waiting' }
  | { ok: false; reason: 'missing_field'; field: string }
  | { ok: false; reason: 'not_in_review' };
export type EngineOutcome = { ok: true; run: RunRecord } | EngineFailure;

export interface EngineSettings {
  cancelSpelling: CancelSpelling;
  /** Send the non-standard `options` list on interaction fields that have one. Off by default. */
  fieldOptions: boolean;
  /** Missing values in event `data` as `""` (what the upstream's events are reported to send). On by default. */
  eventEmptyStrings: boolean;
}

/**
 * Owns every simulated run and drives it through its scenario as the simulated clock moves. All
 * state changes happen here; the HTTP layer only reads records and calls these methods.
 */
export class ScenarioEngine {
  readonly events = new EventLog();
  /** Sources that are down: runs against them fail (see source-outages.ts). */
  readonly outages = new SourceOutages();
  readonly settings: EngineSettings;
  private readonly runs = new Map<string, RunRecord>();
  private readonly active = new Set<RunRecord>();
  private readonly storageById = new Map<string, StorageRecord>();
  private sequence = 0;
  private idRandom: Random = cryptoRandom();

  constructor(
    readonly clock: SimClock,
    settings: Partial<EngineSettings> = {},
  ) {
    this.settings = {
      cancelSpelling: settings.cancelSpelling ?? 'canceling',
      fieldOptions: settings.fieldOptions ?? false,
      eventEmptyStrings: settings.eventEmptyStrings ?? true,
    };
  }

  /** Runs `work` with a different id source (the demo seed uses a seeded one to be repeatable). */
  withIdRandom<T>(random: Random, work: () => T): T {
    const previous = this.idRandom;
    this.idRandom = random;
    try {
      return work();
    } finally {
      this.idRandom = previous;
    }
  }

  createRun(request: CreateRunRequest): RunRecord {
    const createdAt = request.createdAt ?? this.clock.now();
    const scenario = findScenario(this.outages.scenarioFor(request.sourceId, createdAt) ?? request.scenario);
    if (!scenario) throw new Error(`unknown scenario "${request.scenario}"`);
    const run = newRunRecord(scenario, request, { createdAt, sequence: (this.sequence += 1), idRandom: this.idRandom });
    this.runs.set(run.id, run);
    this.active.add(run);
    this.emitStatus(run, createdAt, request.requestId ?? null);
    if (this.runs.size > MAX_RUNS + PRUNE_BATCH) this.pruneOldestFinished();
    return run;
  }

  private pruneOldestFinished(): void {
    const finished = [...this.runs.values()].filter((run) => !this.active.has(run)).sort((a, b) => a.createdAt - b.createdAt);
    for (const run of finished.slice(0, this.runs.size - MAX_RUNS)) {
      this.runs.delete(run.id);
      for (const item of run.storage) this.storageById.delete(item.id);
    }
  }

  getRun(id: string): RunRecord | undefined {
    return this.runs.get(id);
  }

  getStorage(id: string): StorageRecord | undefined {
    return this.storageById.get(id);
  }

  /** Newest first, ties broken by creation order. */
  listRuns(): RunRecord[] {
    return [...this.runs.values()].sort((a, b) => b.createdAt - a.createdAt || b.sequence - a.sequence);
  }

  activeRuns(): RunRecord[] {
    return [...this.active];
  }

  /** Processes everything due up to `now` for every run still in progress. */
  tick(now: number = this.clock.now()): void {
    for (const run of [...this.active]) this.advanceRun(run, now);
  }

  /** `requestId`: the API request asking for it, carried by the `task_run.canceling` event. */
  cancel(id: string, at: number = this.clock.now(), requestId: string | null = null): EngineOutcome {
    const run = this.runs.get(id);
    if (!run) return { ok: false, reason: 'not_found' };
    this.advanceRun(run, at);
    if (run.status === 'canceling') return { ok: true, run };
    if (!isCancelable(run.status)) return { ok: false, reason: 'not_cancelable' };
    run.status = 'canceling';
    run.interaction = null;
    run.pendingAnswer = null;
    run.stepDueAt = null;
    run.nextScreenshotAt = null;
    run.cancelDueAt = at + run.scenario.cancelDelayMs * run.timeScale;
    this.emitStatus(run, at, requestId);
    return { ok: true, run };
  }

  /** `requestId`: the API request with the answer, carried by the `task_run.running` event that follows. */
  submitInteraction(id: string, answer: Record<string, string>, at: number = this.clock.now(), requestId: string | null = null): EngineOutcome {
    const run = this.runs.get(id);
    if (!run) return { ok: false, reason: 'not_found' };
    this.advanceRun(run, at);
    const interaction = run.interaction;
    if (run.status !== 'interaction_required' || !interaction) return { ok: false, reason: 'not_waiting' };
    for (const field of interaction.spec.fields) {
      // Own keys only: a field may be named `__proto__` or `constructor`.
      const value: unknown = Object.hasOwn(answer, field.name) ? answer[field.name] : undefined;
      if (typeof value !== 'string' || value.trim() === '') return { ok: false, reason: 'missing_field', field: field.name };
    }
    interaction.attempts += 1;
    run.pendingAnswer = { accepted: interaction.spec.accepts(answer, interaction.attempts), interaction };
    run.interaction = null;
    run.status = 'running';
    run.stepDueAt = at + ANSWER_CHECK_MS * run.timeScale;
    run.nextScreenshotAt = at + 1_000 * run.timeScale;
    this.emitStatus(run, at, requestId);
    return { ok: true, run };
  }

  review(id: string, decision: 'approve' | 'reject', at: number = this.clock.now()): EngineOutcome {
    const run = this.runs.get(id);
    if (!run) return { ok: false, reason: 'not_found' };
    this.advanceRun(run, at);
    if (run.status !== 'review_required') return { ok: false, reason: 'not_in_review' };
    if (decision === 'approve') {
      this.finish(run, at, 'completed', 'success');
    } else {
      run.output = null;
      run.errors = [{ type: 'task', code: 'review_rejected', message: 'A reviewer rejected the result of this run.' }];
      this.finish(run, at, 'failed', 'failure');
    }
    return { ok: true, run };
  }

  /** Plays one run forward to `until`, applying due actions in time order. */
  advanceRun(run: RunRecord, until: number): void {
    for (let i = 0; i < MAX_ACTIONS_PER_ADVANCE && this.active.has(run); i += 1) {
      const next = nextAction(run);
      if (!next || next.at > until) return;
      switch (next.kind) {
        case 'cancel':
          run.cancelDueAt = null;
          run.canceledAt = next.at;
          this.finish(run, next.at, 'canceled', null);
          break;
        case 'screenshot':
          this.captureScreenshot(run, next.at);
          break;
        case 'interaction_expired':
          run.interaction = null;
          run.errors = [{ type: 'interaction', code: 'interaction_timeout', message: 'No answer was submitted before the prompt expired.' }];
          this.finish(run, next.at, 'failed', 'failure');
          break;
        case 'step':
          this.applyStep(run, next.at);
          break;
      }
    }
  }

  private applyStep(run: RunRecord, at: number): void {
    if (run.pendingAnswer) {
      const { accepted, interaction } = run.pendingAnswer;
      run.pendingAnswer = null;
      if (accepted) {
        run.stepIndex += 1;
        this.scheduleStep(run, at);
      } else {
        this.prompt(run, at, { ...interaction, message: interaction.spec.rejectedMessage, expiresAt: 0 });
      }
      return;
    }
    const step = run.steps[run.stepIndex];
    if (!step) {
      this.finish(run, at, 'completed', 'success');
      return;
    }
    this.applyStepKind(run, step, at);
  }

  private applyStepKind(run: RunRecord, step: ScenarioStep, at: number): void {
    const context: StepContext = { runId: run.id, taskId: run.taskId, now: at, random: run.random };
    switch (step.kind) {
      case 'start':
        run.status = 'running';
        run.startedAt = at;
        run.sessionId ??= makeId('sess_', this.idRandom, 8);
        run.nextScreenshotAt = at + 1_000 * run.timeScale;
        this.emitStatus(run, at);
        run.stepIndex += 1;
        this.scheduleStep(run, at);
        return;
      case 'work':
        run.stepIndex += 1;
        this.scheduleStep(run, at);
        return;
      case 'interact':
        this.prompt(run, at, { spec: step.interaction, message: step.interaction.message, attempts: 0, expiresAt: 0 });
        return;
      case 'store':
        this.store(run, step.file(context), at);
        run.stepIndex += 1;
        this.scheduleStep(run, at);
        return;
      case 'review':
        run.output = this.payload(run, step.output(context));
        run.status = 'review_required';
        run.executionEndedAt = at;
        run.stepDueAt = null;
        run.nextScreenshotAt = null;
        this.emitStatus(run, at);
        return;
      case 'complete':
        run.output = this.payload(run, step.output(context));
        this.finish(run, at, 'completed', step.result);
        return;
      case 'fail':
        run.output = step.output ? this.payload(run, step.output(context)) : null;
        run.errors = [step.error].flat().map((error) => ({ ...error }));
        this.finish(run, at, 'failed', 'failure');
        return;
    }
  }

  /** Sets when the current step fires: work steps after their duration, the rest right away. */
  private scheduleStep(run: RunRecord, at: number): void {
    const step = run.steps[run.stepIndex];
    run.screenshotsInStep = 0;
    run.stepDueAt = step?.kind === 'work' ? at + step.durationMs * run.timeScale : at;
  }

  private prompt(run: RunRecord, at: number, interaction: InteractionState): void {
    const { spec } = interaction;
    interaction.expiresAt = at + spec.windowMs * (spec.windowScales ? run.timeScale : 1);
    run.interaction = interaction;
    run.status = 'interaction_required';
    run.stepDueAt = null;
    run.nextScreenshotAt = null;
    this.pushScreenshot(run, at, spec.page, currentUrl(run), `The site is asking for input (${spec.type}); pausing until the user answers.`);
    this.emitStatus(run, at);
  }

  private captureScreenshot(run: RunRecord, at: number): void {
    const step = currentWorkStep(run);
    if (run.pendingAnswer) {
      const { spec } = run.pendingAnswer.interaction;
      this.pushScreenshot(run, at, spec.page, currentUrl(run), 'Entered the answer from the user and submitted it; waiting for the site to respond.');
    } else {
      const reasoning = step ? (step.reasoning[run.screenshotsInStep % step.reasoning.length] ?? '') : 'Waiting for the page to respond.';
      run.screenshotsInStep += 1;
      this.pushScreenshot(run, at, step?.page ?? 'dashboard', step?.url ?? currentUrl(run), reasoning);
    }
    run.nextScreenshotAt = at + SCREENSHOT_CADENCE_MS * run.timeScale;
  }

  private pushScreenshot(run: RunRecord, at: number, page: RunRecord['screenshots'][number]['page'], url: string, reasoning: string): void {
    const index = run.screenshots.length + 1;
    run.screenshots.push({ index, createdAt: at, page, url, reasoning, fileSize: 12_000 + (hashString(`${run.id}:${index}`) % 12_000) });
    run.updatedAt = at;
  }

  private store(run: RunRecord, file: ReturnType<Extract<ScenarioStep, { kind: 'store' }>['file']>, at: number): void {
    const record: StorageRecord = { id: makeId('stor_', this.idRandom), runId: run.id, createdAt: at, ...file };
    run.storage.push(record);
    this.storageById.set(record.id, record);
    run.updatedAt = at;
    this.events.emit('storage.created', storageEventSnapshot(record), at, this.idRandom);
  }

  private finish(run: RunRecord, at: number, status: 'completed' | 'failed' | 'canceled', result: RunRecord['result']): void {
    run.status = status;
    run.result = result;
    run.interaction = null;
    run.pendingAnswer = null;
    run.stepDueAt = null;
    run.nextScreenshotAt = null;
    run.cancelDueAt = null;
    if (run.startedAt !== null) run.executionEndedAt ??= at;
    this.active.delete(run);
    this.emitStatus(run, at);
  }

  private payload(run: RunRecord, value: unknown): unknown {
    return run.scenario.encryptedPayload ? encryptPayload(value, run.random) : value;
  }

  /** `requestId`: the API request behind this change; null for what the platform does by itself. */
  private emitStatus(run: RunRecord, at: number, requestId: string | null = null): void {
    run.updatedAt = at;
    if (isTerminal(run.status)) this.active.delete(run);
    this.events.emit(`task_run.${run.status}`, runEventSnapshot(run, at, this.settings.cancelSpelling), at, this.idRandom, requestId);
  }
}
