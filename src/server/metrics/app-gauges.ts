import { Counter, Gauge, Registry } from 'prom-client';
import { BUDGET_USES, type BudgetSnapshot } from '../upstream/request-budget';

/**
 * Figures that are the state of one app's objects (its request budget, its catch-up reader), read
 * when `/metrics` is scraped. They live in a registry of their own per app, merged with the
 * process's counters (metrics.ts) at each scrape, so each app reports its own budget.
 */

export interface GaugeSources {
  budget: { snapshot(): BudgetSnapshot };
  /** Absent when the upstream's events are not followed (RUNWATCH_EVENTS=off). */
  /** The event catch-up's progress: just the fields the gauges read. */
  catchUp?: { status(): { lastPassAt: string | null; watermark: string | null; failures: number } } | null;
  now?: () => number;
}

function secondsSince(iso: string | null, now: number): number | null {
  if (iso === null) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : Math.max(0, (now - at) / 1000);
}

export function createAppGauges(sources: GaugeSources): Registry {
  const registry = new Registry();
  const now = sources.now ?? Date.now;
  const registers = [registry];

  new Gauge({
    name: 'runwatch_budget_tokens',
    help: 'Upstream requests the budget could send back to back right now.',
    registers,
    collect() {
      this.set(sources.budget.snapshot().tokens);
    },
  });
  new Gauge({
    name: 'runwatch_budget_capacity',
    help: 'Most tokens the budget holds (its burst).',
    registers,
    collect() {
      this.set(sources.budget.snapshot().capacity);
    },
  });
  new Gauge({
    name: 'runwatch_budget_limit',
    help: 'Upstream requests per window Runwatch allows itself (RUNWATCH_UPSTREAM_SHARE).',
    labelNames: ['window_seconds'] as const,
    registers,
    collect() {
      const snapshot = sources.budget.snapshot();
      this.reset();
      this.set({ window_seconds: String(snapshot.windowMs / 1000) }, snapshot.limit);
    },
  });
  new Gauge({
    name: 'runwatch_budget_rate_factor',
    help: 'Share of the normal refill rate in use (below 1 after the upstream answered 429).',
    registers,
    collect() {
      this.set(sources.budget.snapshot().rateFactor);
    },
  });
  new Gauge({
    name: 'runwatch_budget_paused_seconds',
    help: 'Time left of the pause after an upstream 429 (0 when not paused).',
    registers,
    collect() {
      this.set(sources.budget.snapshot().pausedForMs / 1000);
    },
  });
  new Gauge({
    name: 'runwatch_budget_waiting',
    help: 'Upstream calls waiting for the budget now, by use (action, first_view, refresh, unseen, catch_up, backfill).',
    labelNames: ['use'] as const,
    registers,
    collect() {
      const { uses } = sources.budget.snapshot();
      for (const use of BUDGET_USES) this.set({ use }, uses[use].waiting);
    },
  });
  new Counter({
    name: 'runwatch_budget_served_total',
    help: 'Upstream calls the budget let through (sent at once or after a wait), by use.',
    labelNames: ['use'] as const,
    registers,
    collect() {
      const { uses } = sources.budget.snapshot();
      this.reset();
      for (const use of BUDGET_USES) this.inc({ use }, uses[use].served);
    },
  });
  new Counter({
    name: 'runwatch_budget_refused_total',
    help: 'Upstream calls the budget turned down at once (a refresh served stale, a share spent, a long pause), by use.',
    labelNames: ['use'] as const,
    registers,
    collect() {
      const { uses } = sources.budget.snapshot();
      this.reset();
      for (const use of BUDGET_USES) this.inc({ use }, uses[use].refused);
    },
  });

  const catchUp = sources.catchUp;
  if (catchUp) {
    new Gauge({
      name: 'runwatch_event_catch_up_age_seconds',
      help: 'Time since the start of the last complete catch-up pass: every event older than this is stored. Absent before the first pass.',
      registers,
      collect() {
        this.reset();
        const age = secondsSince(catchUp.status().lastPassAt, now());
        if (age !== null) this.set(age);
      },
    });
    new Gauge({
      name: 'runwatch_event_watermark_age_seconds',
      help: 'Age of the newest event applied. Absent before the first event.',
      registers,
      collect() {
        this.reset();
        const age = secondsSince(catchUp.status().watermark, now());
        if (age !== null) this.set(age);
      },
    });
    new Gauge({
      name: 'runwatch_event_catch_up_failures',
      help: 'Upstream failures of the catch-up reader in a row (0 when its last call worked).',
      registers,
      collect() {
        this.set(catchUp.status().failures);
      },
    });
  }
  return registry;
}
