import { describe, expect, it } from 'vitest';
import { RUN_STATUSES } from '@/contract/run-status';
import { DEFAULT_STUCK_AFTER_MINUTES, isStuck, parseStuckAfterMinutes, stuckThresholdsFromMinutes, waitingSince } from './stuck-runs';

const thresholds = stuckThresholdsFromMinutes({ queued: 10, interaction_required: 3, review_required: 30 });
const MINUTE = 60_000;
const since = Date.parse('2026-11-29T10:00:00Z');

describe('isStuck', () => {
  it('flags a waiting run only once it has waited longer than its status threshold', () => {
    expect(isStuck('queued', since, since + 10 * MINUTE, thresholds)).toBe(false);
    expect(isStuck('queued', since, since + 10 * MINUTE + 1, thresholds)).toBe(true);
    expect(isStuck('interaction_required', since, since + 3 * MINUTE + 1, thresholds)).toBe(true);
    expect(isStuck('interaction_required', since, since + 2 * MINUTE, thresholds)).toBe(false);
    expect(isStuck('review_required', since, since + 29 * MINUTE, thresholds)).toBe(false);
    expect(isStuck('review_required', since, since + 31 * MINUTE, thresholds)).toBe(true);
  });

  it('never flags working, ending, finished or unrecognised runs, nor a time it cannot read', () => {
    const longAfter = since + 365 * 24 * 60 * MINUTE;
    for (const status of RUN_STATUSES.filter((s) => !['queued', 'interaction_required', 'review_required'].includes(s))) {
      expect(isStuck(status, since, longAfter, thresholds)).toBe(false);
    }
    expect(isStuck(null, since, longAfter, thresholds)).toBe(false);
    expect(isStuck('queued', Number.NaN, longAfter, thresholds)).toBe(false);
  });

  it('does not flag a run whose upstream clock runs ahead of ours', () => {
    expect(isStuck('queued', since + 5 * MINUTE, since, thresholds)).toBe(false);
  });
});

describe('waitingSince', () => {
  it('counts a queued run from its creation and any other from its last change', () => {
    const run = { createdAt: '2026-11-29T10:00:00Z', updatedAt: '2026-11-29T10:04:00Z' };
    expect(waitingSince({ ...run, status: 'queued' })).toBe(run.createdAt);
    expect(waitingSince({ ...run, status: 'interaction_required' })).toBe(run.updatedAt);
    expect(waitingSince({ ...run, status: 'review_required' })).toBe(run.updatedAt);
  });
});

describe('parseStuckAfterMinutes', () => {
  it('keeps the defaults when unset and reads one number or per-status values', () => {
    expect(parseStuckAfterMinutes(undefined)).toEqual(DEFAULT_STUCK_AFTER_MINUTES);
    expect(parseStuckAfterMinutes('  ')).toEqual(DEFAULT_STUCK_AFTER_MINUTES);
    expect(parseStuckAfterMinutes('20')).toEqual({ queued: 20, interaction_required: 20, review_required: 20 });
    expect(parseStuckAfterMinutes('interaction_required=1.5')).toEqual({ ...DEFAULT_STUCK_AFTER_MINUTES, interaction_required: 1.5 });
  });

  it('refuses anything else', () => {
    for (const bad of ['0', 'queued=0', 'queued=-1', 'running=4', 'queued=1;review_required=2', 'queued=1,queued=2', '1e3', '20000', '__proto__=1']) {
      expect(parseStuckAfterMinutes(bad)).toBeNull();
    }
  });
});
