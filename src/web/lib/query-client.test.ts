import { describe, expect, it } from 'vitest';
import { ApiRequestError } from './api-client';
import { retryDelay, shouldRetry } from './query-client';

function apiError(status: number, code = 'x', retryAfterSeconds: number | null = null) {
  return new ApiRequestError(status, code, 'msg', null, null, retryAfterSeconds);
}

describe('shouldRetry', () => {
  it('does not retry client errors', () => {
    expect(shouldRetry(0, apiError(400))).toBe(false);
    expect(shouldRetry(0, apiError(401))).toBe(false);
    expect(shouldRetry(0, apiError(404))).toBe(false);
  });

  it('retries server errors, rate limits and network failures a bounded number of times', () => {
    expect(shouldRetry(0, apiError(503))).toBe(true);
    expect(shouldRetry(0, apiError(429))).toBe(true);
    expect(shouldRetry(1, apiError(0, 'network_error'))).toBe(true);
    expect(shouldRetry(2, apiError(503))).toBe(false);
  });

  it('does not retry a response the page cannot parse', () => {
    expect(shouldRetry(0, apiError(200, 'contract_mismatch'))).toBe(false);
  });
});

describe('retryDelay', () => {
  it('waits as long as Retry-After asks, capped', () => {
    expect(retryDelay(1, apiError(503, 'busy', 7))).toBe(7000);
    expect(retryDelay(1, apiError(503, 'busy', 600))).toBe(30_000);
  });

  it('backs off exponentially otherwise', () => {
    expect(retryDelay(0, apiError(500))).toBe(1000);
    expect(retryDelay(2, apiError(500))).toBe(4000);
  });
});
