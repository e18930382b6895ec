import { describe, expect, it } from 'vitest';
import { mergeLoads, runLoad } from './load';

/** An answer after `ms`, as a slow target would give it. */
const answerAfter = (ms: number, body = 'ok', status = 200) =>
  new Promise<Response>((resolve) => setTimeout(() => resolve(new Response(body, { status })), ms));

describe('runLoad', () => {
  it('issues exactly `total` requests, each index once, and counts failures and bytes', async () => {
    const seen: number[] = [];
    const result = await runLoad({
      total: 10,
      concurrency: 3,
      request: (i) => {
        seen.push(i);
        return answerAfter(1, 'abcd', i % 5 === 0 ? 503 : 200);
      },
    });
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.requests).toBe(10);
    expect(result.errors).toBe(2);
    expect(result.meanBytes).toBe(4);
    expect(result.latenciesMs).toHaveLength(10);
  });

  it('starts no request once `seconds` have passed, and lets those under way finish', async () => {
    let started = 0;
    let finished = 0;
    const result = await runLoad({
      total: 1_000,
      seconds: 0.05,
      concurrency: 2,
      request: async () => {
        started++;
        const response = await answerAfter(30);
        finished++;
        return response;
      },
    });
    // Without the time limit this would take 15 s (1,000 answers of 30 ms, two at a time).
    expect(result.requests).toBeLessThan(1_000);
    expect(result.requests).toBeGreaterThanOrEqual(2);
    expect(finished).toBe(started);
    expect(result.requests).toBe(started);
    expect(result.errors).toBe(0);
  });
});

describe('mergeLoads', () => {
  it('adds the rounds of one target up, weighting their bytes by requests', () => {
    const merged = mergeLoads([
      { requests: 2, errors: 1, seconds: 1, perSecond: 2, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, meanBytes: 10, latenciesMs: [1, 3] },
      { requests: 1, errors: 0, seconds: 2, perSecond: 0.5, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, meanBytes: 40, latenciesMs: [5] },
    ]);
    expect(merged.requests).toBe(3);
    expect(merged.errors).toBe(1);
    expect(merged.seconds).toBe(3);
    expect(merged.perSecond).toBe(1);
    expect(merged.meanMs).toBe(3);
    expect(merged.meanBytes).toBe(20);
  });
});
