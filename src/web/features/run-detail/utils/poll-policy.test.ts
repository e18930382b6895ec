import { describe, expect, it } from 'vitest';
import { RUN_STATUSES } from '@/contract/run-status';
import { ACTIVE_POLL_MS, INTERACTION_POLL_MS, MAX_BACKOFF_MS, nextPollDelay } from './poll-policy';

const failing = (consecutiveFailures: number, httpStatus = 503, retryAfterSeconds: number | null = null) => ({
  consecutiveFailures,
  httpStatus,
  retryAfterSeconds,
});

describe('nextPollDelay', () => {
  it('stops for every terminal status, even right after a failed poll', () => {
    for (const status of ['completed', 'failed', 'canceled'] as const) {
      expect(nextPollDelay(status, null)).toBe(false);
      expect(nextPollDelay(status, failing(3))).toBe(false);
    }
  });

  it('polls fast while a person is needed and normally for every other active status', () => {
    expect(nextPollDelay('interaction_required', null)).toBe(INTERACTION_POLL_MS);
    const others = RUN_STATUSES.filter((s) => !['interaction_required', 'completed', 'failed', 'canceled'].includes(s));
    expect(others).toEqual(['queued', 'running', 'review_required', 'canceling']);
    for (const status of others) expect(nextPollDelay(status, null)).toBe(ACTIVE_POLL_MS);
    expect(INTERACTION_POLL_MS).toBeLessThan(ACTIVE_POLL_MS);
  });

  it('polls a run with an unrecognised status (null) at the active cadence, never as final', () => {
    expect(nextPollDelay(null, null)).toBe(ACTIVE_POLL_MS);
  });

  it('doubles the wait for each consecutive failure, up to a ceiling', () => {
    expect(nextPollDelay('running', failing(1))).toBe(3_000);
    expect(nextPollDelay('running', failing(2))).toBe(6_000);
    expect(nextPollDelay('running', failing(3))).toBe(12_000);
    expect(nextPollDelay('running', failing(4))).toBe(24_000);
    expect(nextPollDelay('running', failing(9))).toBe(MAX_BACKOFF_MS);
  });

  it('honours Retry-After when it asks for longer than the backoff, within reason', () => {
    expect(nextPollDelay('running', failing(1, 503, 20))).toBe(20_000);
    expect(nextPollDelay('running', failing(4, 503, 2))).toBe(24_000);
    expect(nextPollDelay('running', failing(1, 503, 86_400))).toBe(300_000);
  });

  it('never polls faster than the status cadence while failing', () => {
    expect(nextPollDelay('interaction_required', failing(1))).toBe(3_000);
  });

  it('gives up on answers that asking again cannot change', () => {
    for (const status of [400, 401, 403, 404]) expect(nextPollDelay('running', failing(1, status))).toBe(false);
    expect(nextPollDelay(null, failing(1, 404))).toBe(false);
  });

  it('keeps trying with backoff when there is no data yet and the upstream is down', () => {
    expect(nextPollDelay(null, failing(1, 502))).toBe(3_000);
    expect(nextPollDelay(null, failing(2, 0))).toBe(6_000);
  });
});
