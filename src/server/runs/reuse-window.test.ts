import { describe, expect, it } from 'vitest';
import { reuseWindowMs, type ReuseWindows } from './reuse-window';

const windows: ReuseWindows = { activeMs: 1_000, activeWithEventsMs: 5_000, waitingWithEventsMs: 60_000, terminalMs: 600_000 };

describe('reuseWindowMs', () => {
  it('keeps a final run longest, with or without events', () => {
    for (const status of ['completed', 'failed', 'canceled'] as const) {
      expect(reuseWindowMs(status, false, windows)).toBe(600_000);
      expect(reuseWindowMs(status, true, windows)).toBe(600_000);
    }
  });

  it('re-reads every active run quickly when no event feed tells its changes', () => {
    for (const status of ['queued', 'running', 'interaction_required', 'canceling', null] as const) {
      expect(reuseWindowMs(status, false, windows)).toBe(1_000);
    }
  });

  it('with events, keeps a waiting run until an event comes and a working run only a few seconds', () => {
    expect(reuseWindowMs('queued', true, windows)).toBe(60_000);
    expect(reuseWindowMs('interaction_required', true, windows)).toBe(60_000);
    expect(reuseWindowMs('review_required', true, windows)).toBe(60_000);
    expect(reuseWindowMs('running', true, windows)).toBe(5_000);
    expect(reuseWindowMs('canceling', true, windows)).toBe(5_000);
    // An unrecognised status may be a working one: it is not trusted to stay still.
    expect(reuseWindowMs(null, true, windows)).toBe(5_000);
  });
});
