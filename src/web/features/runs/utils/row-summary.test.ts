import { describe, expect, it } from 'vitest';
import { leadingError, resultAddsToStatus, waitingSince } from './row-summary';

const times = { createdAt: '2026-11-29T10:00:00Z', updatedAt: '2026-11-29T10:05:00Z' };

describe('waitingSince', () => {
  it('is when a run waiting on a person or a review last changed', () => {
    expect(waitingSince({ status: 'interaction_required', ...times })).toBe(times.updatedAt);
    expect(waitingSince({ status: 'review_required', ...times })).toBe(times.updatedAt);
  });

  it('is the creation time of a queued run', () => {
    expect(waitingSince({ status: 'queued', ...times })).toBe(times.createdAt);
  });

  it('is null for runs that are working, finished, of an unknown status, or with an unreadable time', () => {
    for (const status of ['running', 'completed', 'failed', 'canceled', 'canceling', null] as const) {
      expect(waitingSince({ status, ...times })).toBeNull();
    }
    expect(waitingSince({ status: 'interaction_required', createdAt: times.createdAt, updatedAt: 'soon' })).toBeNull();
  });
});

describe('resultAddsToStatus', () => {
  it('hides a result the status already says', () => {
    expect(resultAddsToStatus({ status: 'completed', result: 'success' })).toBe(false);
    expect(resultAddsToStatus({ status: 'failed', result: 'failure' })).toBe(false);
    expect(resultAddsToStatus({ status: 'running', result: null })).toBe(false);
  });

  it('shows a result that differs from what the status suggests', () => {
    expect(resultAddsToStatus({ status: 'completed', result: 'failure' })).toBe(true);
    expect(resultAddsToStatus({ status: 'completed', result: 'unknown' })).toBe(true);
    expect(resultAddsToStatus({ status: null, result: 'success' })).toBe(true);
  });
});

describe('leadingError', () => {
  it('leads with the first error that has a code', () => {
    const errors = [
      { type: null, code: null, message: 'something', field: null },
      { type: 'source', code: 'blocked', message: '', field: null },
    ];
    expect(leadingError({ errors })?.code).toBe('blocked');
    expect(leadingError({ errors: [errors[0]!] })?.message).toBe('something');
    expect(leadingError({ errors: [] })).toBeNull();
  });
});
