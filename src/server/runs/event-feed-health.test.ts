import { describe, expect, it } from 'vitest';
import { eventFeedHealth } from './event-feed-health';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('eventFeedHealth', () => {
  it('is healthy while catch-up passes keep coming without failures', () => {
    expect(eventFeedHealth({ running: true, lastPassAt: ago(1_500), failures: 0 }, 2_000, NOW)).toEqual({ healthy: true, currentAsOf: NOW - 1_500 });
  });

  it('is not healthy when passes fail, stop or fall behind, but still says how current the index is', () => {
    expect(eventFeedHealth({ running: true, lastPassAt: ago(1_000), failures: 2 }, 2_000, NOW)).toEqual({ healthy: false, currentAsOf: NOW - 1_000 });
    expect(eventFeedHealth({ running: false, lastPassAt: ago(1_000), failures: 0 }, 2_000, NOW).healthy).toBe(false);
    expect(eventFeedHealth({ running: true, lastPassAt: ago(3 * 2_000 + 10_001), failures: 0 }, 2_000, NOW).healthy).toBe(false);
  });

  it('knows nothing before the first pass or without a catch-up reader', () => {
    expect(eventFeedHealth({ running: true, lastPassAt: null, failures: 0 }, 2_000, NOW)).toEqual({ healthy: false, currentAsOf: null });
    expect(eventFeedHealth(null, 2_000, NOW)).toEqual({ healthy: false, currentAsOf: null });
  });
});
