import { describe, expect, it } from 'vitest';
import { reuseWindowMs, type ReuseWindows } from './reuse-window';

const windows: ReuseWindows = { activeMs: 1_000, withEventsMs: 600_000, terminalMs: 3_600_000 };

describe('reuseWindowMs', () => {
  it('keeps a final run longest, with or without events', () => {
    for (const status of ['completed', 'failed', 'canceled'] as const) {
      expect(reuseWindowMs(status, false, windows)).toBe(3_600_000);
      expect(reuseWindowMs(status, true, windows)).toBe(3_600_000);
    }
  });

  it('re-reads every active run quickly when no event feed tells its changes', () => {
    for (const status of ['queued', 'running', 'interaction_required', 'review_required', 'canceling', null] as const) {
      expect(reuseWindowMs(status, false, windows)).toBe(1_000);
    }
  });

  it('with a healthy event feed, keeps every active run until an event (up to the cap), working ones included', () => {
    for (const status of ['queued', 'running', 'interaction_required', 'review_required', 'canceling', null] as const) {
      expect(reuseWindowMs(status, true, windows)).toBe(600_000);
    }
  });
});
