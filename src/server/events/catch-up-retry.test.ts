import { describe, expect, it } from 'vitest';
import { MAX_RATE_LIMIT_PAUSE_MS } from '../upstream/rate-limit-pause';
import { UpstreamError } from '../upstream/upstream-error';
import { failureDelayMs } from './catch-up-reader';

/** The wait of the event catch-up after an upstream failure (pure: the reader's loop uses it as it is). */

const tuning = { intervalMs: 2_000, maxBackoffMs: 5 * 60_000 };
const rateLimited = (retryAfterSeconds: number | null) =>
  new UpstreamError('rate_limited', 'the upstream rate-limited Runwatch', { httpStatus: 429, retryAfterSeconds });

describe('failureDelayMs', () => {
  it('after a 429 waits no longer than the pause bound, even when Retry-After asks for minutes', () => {
    expect(MAX_RATE_LIMIT_PAUSE_MS).toBe(30_000);
    expect(failureDelayMs({ ...tuning, error: rateLimited(300), failures: 1, random: () => 0.5 })).toBe(MAX_RATE_LIMIT_PAUSE_MS);
    // Many 429s in a row: the backoff alone would reach 5 minutes.
    expect(failureDelayMs({ ...tuning, error: rateLimited(null), failures: 12, random: () => 1 })).toBe(MAX_RATE_LIMIT_PAUSE_MS);
  });

  it('after a 429 still waits what a shorter Retry-After asks', () => {
    expect(failureDelayMs({ ...tuning, error: rateLimited(7), failures: 1, random: () => 0 })).toBe(7_000);
  });

  it('backs off up to its maximum after other failures, with Retry-After as a floor', () => {
    const server = new UpstreamError('server', 'bad gateway', { httpStatus: 502 });
    expect(failureDelayMs({ ...tuning, error: server, failures: 1, random: () => 1 })).toBe(2_000);
    expect(failureDelayMs({ ...tuning, error: server, failures: 3, random: () => 0 })).toBe(4_000);
    expect(failureDelayMs({ ...tuning, error: server, failures: 30, random: () => 1 })).toBe(5 * 60_000);
    const unavailable = new UpstreamError('server', 'unavailable', { httpStatus: 503, retryAfterSeconds: 120 });
    expect(failureDelayMs({ ...tuning, error: unavailable, failures: 1, random: () => 0 })).toBe(120_000);
  });
});
