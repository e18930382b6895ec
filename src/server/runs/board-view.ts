import { BOARD_GROUP_LIMIT, type BoardCard, type BoardGroup, type BoardResponse } from '@/contract/board';
import { RUN_STATUSES, TERMINAL_STATUSES, isTerminal } from '@/contract/run-status';
import type { EventStore, RunIndexFilter, RunIndexSnapshot } from '../store/event-store';
import type { PinnedRun } from '../store/user-data-store';
import type { BoardPrompts, PromptState } from './board-prompts';
import { isStuck, stuckThresholdsFromMinutes, waitingSince, type StuckThresholds } from './stuck-runs';

/**
 * Builds the operator's board from the run index: one build serves every viewer polling within
 * `SHARED_BUILD_MS`; the caller's pins are applied per request (`boardFor`).
 */

export interface BoardSettings {
  interactionWindowMinutes: number;
  stuckAfterMinutes: BoardResponse['stuckAfterMinutes'];
  /** How long a finished run lingers in "just finished". */
  justFinishedMinutes?: number;
}

export interface BoardViewOptions {
  events: EventStore;
  prompts: BoardPrompts;
  settings: BoardSettings;
  /** True while the run index follows the upstream's events (else the board says it may lag). */
  indexIsCurrent: () => boolean;
  now?: () => number;
}

/** What every viewer shares: the groups uncut, without pins. */
export interface SharedBoard {
  at: number;
  needsYou: BoardCard[];
  review: BoardCard[];
  running: BoardCard[];
  queued: BoardCard[];
  justFinished: BoardCard[];
  stuckCount: number;
  stale: boolean;
}

/** Viewers polling within this window share one build. */
const SHARED_BUILD_MS = 1_000;
const DEFAULT_JUST_FINISHED_MINUTES = 5;
/** Index page size while collecting the active runs. */
const PAGE_LIMIT = 1_000;
/** Most active runs the board reads from the index; far above any real board. */
const MAX_ACTIVE_RUNS = 20_000;
/** After a gap (first build, nobody polling), finished runs created this long ago are looked at once. */
const FINISHED_RESCAN_MS = 3 * 60 * 60_000;
const ACTIVE_STATUSES = ['queued', 'running', 'interaction_required', 'review_required', 'canceling'] as const;

export class BoardView {
  readonly #events: EventStore;
  readonly #prompts: BoardPrompts;
  readonly #settings: Required<BoardSettings>;
  readonly #thresholds: StuckThresholds;
  readonly #indexIsCurrent: () => boolean;
  readonly #now: () => number;
  #shared: { at: number; value: Promise<SharedBoard> } | null = null;
  /** Runs active at the last build, to notice the ones that finished since. */
  #lastActive = new Set<string>();
  #lastBuildAt: number | null = null;
  /** Finished runs still lingering, by id. */
  #finished = new Map<string, RunIndexSnapshot>();

  constructor(options: BoardViewOptions) {
    this.#events = options.events;
    this.#prompts = options.prompts;
    this.#settings = { justFinishedMinutes: DEFAULT_JUST_FINISHED_MINUTES, ...options.settings };
    this.#thresholds = stuckThresholdsFromMinutes(options.settings.stuckAfterMinutes);
    this.#indexIsCurrent = options.indexIsCurrent;
    this.#now = options.now ?? Date.now;
  }

  /** The board as one person sees it: their pinned runs marked, and kept on it until unpinned. */
  async boardFor(pins: readonly PinnedRun[]): Promise<BoardResponse> {
    const shared = await this.#sharedBoard();
    const pinned = new Set(pins.map((pin) => pin.runId));
    const onBoard = new Set<string>();
    const group = (cards: BoardCard[]): BoardGroup => {
      for (const card of cards) onBoard.add(card.runId);
      const marked = cards.map((card) => (pinned.has(card.runId) ? { ...card, pinned: true } : card));
      // A pinned card beyond the cut stays: the watchlist promises it.
      const shown = marked.filter((card, index) => index < BOARD_GROUP_LIMIT || card.pinned);
      return { cards: shown, total: cards.length };
    };
    const response: Omit<BoardResponse, 'watched'> = {
      needsYou: group(shared.needsYou),
      review: group(shared.review),
      running: group(shared.running),
      queued: group(shared.queued),
      justFinished: group(shared.justFinished),
      stuckCount: shared.stuckCount,
      stuckAfterMinutes: { ...this.#settings.stuckAfterMinutes },
      interactionWindow: { minutes: this.#settings.interactionWindowMinutes, estimate: true },
      justFinishedMinutes: this.#settings.justFinishedMinutes,
      generatedAt: new Date(shared.at).toISOString(),
      stale: shared.stale,
    };
    const elsewhere = pins.filter((pin) => !onBoard.has(pin.runId));
    const watched = await Promise.all(elsewhere.map((pin) => this.#watchedCard(pin, shared.at)));
    return { ...response, watched: { cards: watched, total: watched.length } };
  }

  #sharedBoard(): Promise<SharedBoard> {
    const now = this.#now();
    if (this.#shared && now - this.#shared.at < SHARED_BUILD_MS) return this.#shared.value;
    const value = this.#build(now);
    const shared = { at: now, value };
    this.#shared = shared;
    // A failed build is not kept for the next caller.
    value.catch(() => {
      if (this.#shared === shared) this.#shared = null;
    });
    return value;
  }

  async #build(now: number): Promise<SharedBoard> {
    const active = await this.#activeRuns();
    await this.#noteFinished(active, now);

    const waitingForInput = active.filter((run) => run.status === 'interaction_required');
    const prompts = await this.#prompts.promptsFor(waitingForInput.map((run) => ({ runId: run.runId, updatedAt: run.updatedAt })));

    const needsYou: BoardCard[] = [];
    const review: BoardCard[] = [];
    const running: BoardCard[] = [];
    const queued: BoardCard[] = [];
    let stuckCount = 0;
    for (const run of active) {
      const card = this.#card(run, now);
      if (card.stuck) stuckCount += 1;
      if (run.status === 'interaction_required') needsYou.push(this.#withPrompt(card, prompts.get(run.runId)));
      else if (run.status === 'review_required') review.push(card);
      else if (run.status === 'queued') queued.push(card);
      else running.push(card);
    }
    const longestWaitingFirst = (a: BoardCard, b: BoardCard) => a.since.localeCompare(b.since) || a.runId.localeCompare(b.runId);
    needsYou.sort(longestWaitingFirst);
    review.sort(longestWaitingFirst);
    queued.sort(longestWaitingFirst);
    const justFinished = [...this.#finished.values()]
      .map((run) => this.#card(run, now))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.runId.localeCompare(b.runId));
    return { at: now, needsYou, review, running, queued, justFinished, stuckCount, stale: !this.#indexIsCurrent() };
  }

  /** Every run in a status that is not final, including statuses Runwatch does not know (they may still move). */
  async #activeRuns(): Promise<RunIndexSnapshot[]> {
    const counts = await this.#events.countByStatus();
    const unknown = Object.keys(counts).filter((status) => !(RUN_STATUSES as readonly string[]).includes(status));
    return this.#collect({ statuses: [...ACTIVE_STATUSES, ...unknown] }, MAX_ACTIVE_RUNS);
  }

  async #collect(filter: RunIndexFilter, max: number): Promise<RunIndexSnapshot[]> {
    const runs: RunIndexSnapshot[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.#events.listRuns(filter, { limit: PAGE_LIMIT, cursor });
      runs.push(...page.runs);
      cursor = page.nextCursor;
    } while (cursor !== null && runs.length < max);
    return runs;
  }

  /**
   * Keeps finished runs for `justFinishedMinutes`: runs active at the last build that are final
   * now, and runs created since the last build that already finished (or, after a gap, those of the
   * last few hours).
   */
  async #noteFinished(active: RunIndexSnapshot[], now: number): Promise<void> {
    const lingerMs = this.#settings.justFinishedMinutes * 60_000;
    const activeIds = new Set(active.map((run) => run.runId));
    const gap = this.#lastBuildAt === null || now - this.#lastBuildAt > lingerMs;
    // A few seconds of overlap: the index may take in a run created just before the last build later.
    const createdAfter = new Date(gap ? now - FINISHED_RESCAN_MS : this.#lastBuildAt! - 30_000).toISOString();
    const candidates = await this.#collect({ statuses: [...TERMINAL_STATUSES], createdAfter }, MAX_ACTIVE_RUNS);
    const leftBoard = [...this.#lastActive].filter((runId) => !activeIds.has(runId));
    const left = await Promise.all(leftBoard.map((runId) => this.#events.getRun(runId)));
    for (const run of [...candidates, ...left]) {
      if (run && isTerminal(run.status)) this.#finished.set(run.runId, run);
    }
    for (const [runId, run] of this.#finished) {
      if (!(now - Date.parse(run.updatedAt) <= lingerMs)) this.#finished.delete(runId);
    }
    this.#lastActive = activeIds;
    this.#lastBuildAt = now;
  }

  #card(run: RunIndexSnapshot, now: number): BoardCard {
    const since = waitingSince(run);
    return {
      runId: run.runId,
      status: run.status,
      upstreamStatus: run.upstreamStatus,
      result: run.result,
      taskId: run.taskId,
      sourceId: run.sourceId,
      createdAt: run.createdAt,
      updatedAt: run.updatedAt,
      since,
      stuck: isStuck(run.status, Date.parse(since), now, this.#thresholds),
      pinned: false,
      errorCode: run.errorCodes[0] ?? null,
    };
  }

  #withPrompt(card: BoardCard, prompt: PromptState | undefined): BoardCard {
    const sinceMs = Date.parse(card.since);
    const expiresAt = Number.isFinite(sinceMs) ? new Date(sinceMs + this.#settings.interactionWindowMinutes * 60_000).toISOString() : null;
    if (prompt?.state === 'ready') return { ...card, interaction: prompt.interaction, promptProblem: null, expiresAt };
    return { ...card, interaction: null, promptProblem: prompt?.state === 'unavailable' ? 'unavailable' : 'loading', expiresAt };
  }

  async #watchedCard(pin: PinnedRun, now: number): Promise<BoardCard> {
    const run = await this.#events.getRun(pin.runId);
    if (run) return { ...this.#card(run, now), pinned: true };
    // Pinned before the index heard of it: shown by id (empty upstream status) until it does.
    return {
      runId: pin.runId,
      status: null,
      upstreamStatus: '',
      result: null,
      taskId: null,
      sourceId: null,
      createdAt: pin.pinnedAt,
      updatedAt: pin.pinnedAt,
      since: pin.pinnedAt,
      stuck: false,
      pinned: true,
      errorCode: null,
    };
  }
}
