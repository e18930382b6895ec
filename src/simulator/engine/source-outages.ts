/**
 * Websites that are down for a while: every run created against such a source in that time
 * follows the outage's failure scenario instead of the one it asked for, as when a customer's bank
 * is down and all their runs against it fail the same way. For demos and tests (`/__sim/outages`).
 */

/** The failure scenarios an outage can impose: the source-group ones. */
export const OUTAGE_SCENARIOS = ['fail_source_not_available', 'fail_source_blocked'] as const;
export type OutageScenario = (typeof OUTAGE_SCENARIOS)[number];

export interface SourceOutage {
  sourceId: string;
  scenario: OutageScenario;
  /** Simulated times (ms): runs created from `startsAt` until before `endsAt` fail. */
  startsAt: number;
  endsAt: number;
}

export class SourceOutages {
  private readonly outages = new Map<string, SourceOutage>();

  /** Starts (or replaces) the outage of one source. */
  declare(outage: SourceOutage): SourceOutage {
    this.outages.set(outage.sourceId, outage);
    return outage;
  }

  /** The scenario a run created now against `sourceId` must follow, or null when the source is up. */
  scenarioFor(sourceId: string | null | undefined, at: number): OutageScenario | null {
    if (!sourceId) return null;
    const outage = this.outages.get(sourceId);
    return outage && at >= outage.startsAt && at < outage.endsAt ? outage.scenario : null;
  }

  list(): SourceOutage[] {
    return [...this.outages.values()];
  }

  clear(): void {
    this.outages.clear();
  }
}
