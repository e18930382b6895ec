import { ACTION_DRIFTS, DEFAULT_DRIFTS, SAMPLED_DRIFT_SLOTS, type DriftKind } from './drift-kinds';

/** What a drift decision needs to know about a run. */
export interface DriftSubject {
  sequence: number;
  forcedDrifts: readonly DriftKind[];
}

const NO_DRIFT: ReadonlySet<DriftKind> = new Set();

/**
 * The drifts switched on for every run (off by default) and how they combine with the drifts a run
 * forces. Sampled drifts switched on for all runs reach only the runs of their slot.
 */
export class DriftSettings {
  private global = new Set<DriftKind>();

  constructor(initial: boolean | readonly DriftKind[] = false) {
    this.set(initial);
  }

  /** `true` = the default set, `false` = off, a list = exactly those. */
  set(kinds: boolean | readonly DriftKind[]): void {
    this.global = new Set(kinds === true ? DEFAULT_DRIFTS : kinds === false ? [] : kinds);
  }

  enabled(): DriftKind[] {
    return [...this.global];
  }

  /** Drifts on for all runs, for requests that name no run (e.g. the run list as a whole). */
  globalKinds(): ReadonlySet<DriftKind> {
    return this.global;
  }

  forRun(run: DriftSubject): ReadonlySet<DriftKind> {
    if (this.global.size === 0 && run.forcedDrifts.length === 0) return NO_DRIFT;
    const kinds = new Set<DriftKind>(run.forcedDrifts);
    for (const kind of this.global) {
      const slot = SAMPLED_DRIFT_SLOTS[kind];
      if (slot === undefined || run.sequence % 4 === slot) kinds.add(kind);
    }
    return kinds;
  }
}

/** The action-answer drift a run gets: one of those switched on, picked by its sequence number. */
export function actionDriftFor(run: DriftSubject, kinds: ReadonlySet<DriftKind>): (typeof ACTION_DRIFTS)[number] | null {
  const on = ACTION_DRIFTS.filter((kind) => kinds.has(kind));
  return on[run.sequence % Math.max(1, on.length)] ?? null;
}
