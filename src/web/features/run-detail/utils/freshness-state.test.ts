import { describe, expect, it } from 'vitest';
import { deriveFreshness, isOutdated, type FreshnessInputs } from './freshness-state';

const base: FreshnessInputs = {
  status: 'running',
  hidden: false,
  offline: false,
  lastPollFailed: false,
  serverStale: false,
  fetchedAt: '2026-03-02T10:00:00Z',
};

describe('deriveFreshness', () => {
  it('is live when nothing is wrong', () => {
    expect(deriveFreshness(base)).toEqual({ kind: 'live', fetchedAt: base.fetchedAt });
  });
  it('is final for a terminal run whatever else is going on', () => {
    expect(deriveFreshness({ ...base, status: 'canceled', hidden: true, lastPollFailed: true })).toEqual({ kind: 'final' });
  });
  it('prefers paused, then reconnecting, then stale', () => {
    expect(deriveFreshness({ ...base, hidden: true, lastPollFailed: true, serverStale: true }).kind).toBe('paused');
    expect(deriveFreshness({ ...base, offline: true, serverStale: true })).toEqual({ kind: 'reconnecting', reason: 'offline' });
    expect(deriveFreshness({ ...base, lastPollFailed: true, serverStale: true })).toEqual({ kind: 'reconnecting', reason: 'failing' });
    expect(deriveFreshness({ ...base, serverStale: true }).kind).toBe('stale');
  });
  it("carries the server's reason for a stale copy", () => {
    expect(deriveFreshness({ ...base, serverStale: true, staleReason: 'upstream_rate_limited' })).toEqual({
      kind: 'stale',
      fetchedAt: base.fetchedAt,
      reason: 'upstream_rate_limited',
    });
    expect(deriveFreshness({ ...base, serverStale: true })).toMatchObject({ reason: null });
  });
  it('never calls a run with an unrecognised status final', () => {
    expect(deriveFreshness({ ...base, status: null })).toEqual({ kind: 'live', fetchedAt: base.fetchedAt });
  });
  it('counts stale and reconnecting copies as outdated, and nothing else', () => {
    expect(isOutdated(deriveFreshness({ ...base, serverStale: true }))).toBe(true);
    expect(isOutdated(deriveFreshness({ ...base, lastPollFailed: true }))).toBe(true);
    expect(isOutdated(deriveFreshness(base))).toBe(false);
    expect(isOutdated(deriveFreshness({ ...base, status: 'completed', serverStale: true }))).toBe(false);
  });
});
