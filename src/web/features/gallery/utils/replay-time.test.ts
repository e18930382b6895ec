import { describe, expect, it } from 'vitest';
import { fractionAt, MAX_WAIT_MS, MIN_WAIT_MS, playDelayMs, replaySpan, shotAtTime, shotTimes, timeAtFraction } from './replay-time';

const at = (seconds: number) => new Date(Date.parse('2026-03-02T09:40:00Z') + seconds * 1000).toISOString();
const base = Date.parse('2026-03-02T09:40:00Z');

describe('shotTimes', () => {
  it('reads capture times as epoch ms', () => {
    expect(shotTimes([{ createdAt: at(0) }, { createdAt: at(5) }], 0)).toEqual([base, base + 5_000]);
  });

  it('places shots without a time evenly between their timed neighbours, or on the nearest one at the ends', () => {
    const times = shotTimes(
      [{ createdAt: null }, { createdAt: at(0) }, { createdAt: null }, { createdAt: 'not a date' }, { createdAt: at(9) }, { createdAt: null }],
      0,
    );
    expect(times).toEqual([base, base, base + 3_000, base + 6_000, base + 9_000, base + 9_000]);
  });

  it('never goes back in time', () => {
    expect(shotTimes([{ createdAt: at(10) }, { createdAt: at(4) }], 0)).toEqual([base + 10_000, base + 10_000]);
  });

  it('spaces shots a second apart from the fallback when none has a time', () => {
    expect(shotTimes([{ createdAt: null }, { createdAt: null }, { createdAt: null }], 500)).toEqual([500, 1_500, 2_500]);
  });
});

describe('replaySpan and the scrubber fraction', () => {
  it('covers the run from creation to its end, widened to hold every shot', () => {
    expect(replaySpan([base + 5_000, base + 20_000], { startMs: base, endMs: base + 10_000 })).toEqual({ startMs: base, endMs: base + 20_000 });
    expect(replaySpan([base + 5_000], { startMs: null, endMs: null })).toEqual({ startMs: base + 5_000, endMs: base + 5_001 });
  });

  it('maps time to a fraction and back, clamped to the span', () => {
    const span = { startMs: 1_000, endMs: 3_000 };
    expect(fractionAt(span, 2_000)).toBe(0.5);
    expect(fractionAt(span, 0)).toBe(0);
    expect(fractionAt(span, 9_000)).toBe(1);
    expect(timeAtFraction(span, 0.25)).toBe(1_500);
    expect(timeAtFraction(span, -1)).toBe(1_000);
    expect(timeAtFraction(span, 2)).toBe(3_000);
  });
});

describe('shotAtTime', () => {
  const times = [100, 200, 200, 500, 900];

  it('is the last shot captured at or before the instant', () => {
    expect(shotAtTime(times, 100)).toBe(1);
    expect(shotAtTime(times, 199)).toBe(1);
    expect(shotAtTime(times, 200)).toBe(3);
    expect(shotAtTime(times, 499)).toBe(3);
    expect(shotAtTime(times, 10_000)).toBe(5);
  });

  it('is the first shot before any capture, and 0 without shots', () => {
    expect(shotAtTime(times, 0)).toBe(1);
    expect(shotAtTime([], 0)).toBe(0);
  });

  it('agrees with a linear scan over 1,000 shots', () => {
    const many = shotTimes(
      Array.from({ length: 1_000 }, (_, i) => ({ createdAt: at(i * 3 + (i % 7)) })),
      0,
    );
    for (const probe of [base - 1, base, base + 1_234, base + 1_500_000, base + 2_990_000, base + 9_999_999]) {
      let expected = 1;
      many.forEach((time, index) => {
        if (time <= probe) expected = index + 1;
      });
      expect(shotAtTime(many, probe)).toBe(expected);
    }
  });
});

describe('playDelayMs', () => {
  const times = [0, 2_000, 2_000, 600_000];

  it('waits the real time between two captures, divided by the speed', () => {
    expect(playDelayMs(times, 1, 1)).toBe(2_000);
    expect(playDelayMs(times, 1, 4)).toBe(500);
  });

  it('shortens idle stretches and lengthens bursts', () => {
    expect(playDelayMs(times, 3, 1)).toBe(MAX_WAIT_MS);
    expect(playDelayMs(times, 3, 8)).toBe(MAX_WAIT_MS / 8);
    expect(playDelayMs(times, 2, 1)).toBe(MIN_WAIT_MS);
    expect(playDelayMs(times, 2, 2)).toBe(MIN_WAIT_MS / 2);
  });

  it('waits the shortest time after the last shot', () => {
    expect(playDelayMs(times, 4, 1)).toBe(MIN_WAIT_MS);
  });
});
