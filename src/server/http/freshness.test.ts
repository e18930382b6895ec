import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../upstream/upstream-error';
import { describeFreshness } from './freshness';

const FETCHED = Date.parse('2026-03-02T10:14:21.250Z');

describe('describeFreshness', () => {
  it('tells a fresh fetch as a miss with its fetch time and no age header', () => {
    expect(describeFreshness({ fetchedAt: FETCHED, source: 'miss' }, FETCHED + 40)).toEqual({
      body: { stale: false, fetchedAt: '2026-03-02T10:14:21.250Z', ageSeconds: 0 },
      headers: [['X-Cache', 'MISS']],
    });
  });

  it('tells a shared copy its age in whole seconds in the header and tenths in the body, the fetch time the same for every viewer', () => {
    const first = describeFreshness({ fetchedAt: FETCHED, source: 'hit' }, FETCHED + 2_460);
    const second = describeFreshness({ fetchedAt: FETCHED, source: 'hit' }, FETCHED + 3_010);
    expect(first).toEqual({
      body: { stale: false, fetchedAt: '2026-03-02T10:14:21.250Z', ageSeconds: 2.5 },
      headers: [
        ['X-Cache', 'HIT'],
        ['Age', '2'],
      ],
    });
    expect(second.body).toEqual({ stale: false, fetchedAt: '2026-03-02T10:14:21.250Z', ageSeconds: 3 });
    // Another copy states its own time.
    expect(describeFreshness({ fetchedAt: FETCHED + 1_000, source: 'hit' }, FETCHED + 3_010).body.fetchedAt).toBe('2026-03-02T10:14:22.250Z');
  });

  it('tells a stale copy why, in the body and in a header', () => {
    const described = describeFreshness(
      { fetchedAt: FETCHED, source: 'stale', staleBecause: new UpstreamError('rate_limited', 'slow down') },
      FETCHED + 61_000,
    );
    expect(described).toEqual({
      body: { stale: true, fetchedAt: '2026-03-02T10:14:21.250Z', ageSeconds: 61, staleReason: 'upstream_rate_limited' },
      headers: [
        ['X-Cache', 'STALE'],
        ['Age', '61'],
        ['X-Stale-Reason', 'rate_limited'],
      ],
    });
  });
});
