import type { EventFeedHealth } from './run-reader';

/** What the catch-up reader says about itself (a subset of its status). */
export interface CatchUpProgress {
  running: boolean;
  /** Start of the last complete catch-up pass (ISO 8601). */
  lastPassAt: string | null;
  failures: number;
}

/** Slack over the catch-up interval before the intake counts as behind (a slow pass, a busy budget). */
const LATE_PASS_SLACK_MS = 10_000;

/**
 * The event intake is healthy while its catch-up passes keep coming (within three intervals plus
 * some slack) without failures: then every change of a run reaches the index, and invalidates the
 * run's cached copy, within about one interval (within a second with webhooks).
 */
export function eventFeedHealth(progress: CatchUpProgress | null, intervalMs: number, nowMs: number): EventFeedHealth {
  if (!progress) return { healthy: false, currentAsOf: null };
  const lastPassMs = progress.lastPassAt === null ? Number.NaN : Date.parse(progress.lastPassAt);
  if (Number.isNaN(lastPassMs)) return { healthy: false, currentAsOf: null };
  const inTime = nowMs - lastPassMs <= 3 * intervalMs + LATE_PASS_SLACK_MS;
  return { healthy: progress.running && progress.failures === 0 && inTime, currentAsOf: lastPassMs };
}
