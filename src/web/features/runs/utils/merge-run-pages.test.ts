import { describe, expect, it } from 'vitest';
import type { RunListResponse } from '../../../../contract/bff';
import { makeRun } from '../../../lib/testing/make-run';
import { mergeRunPages, pagesFreshness } from './merge-run-pages';

function page(ids: string[], stale = false, fetchedAt = '2025-03-12T13:00:00Z'): RunListResponse {
  return { runs: ids.map((id) => makeRun({ id })), hasMore: false, nextCursor: null, freshness: { stale, fetchedAt, ageSeconds: 0 } };
}

describe('mergeRunPages', () => {
  it('keeps the first copy of a run that moved onto the next page', () => {
    expect(mergeRunPages([page(['trun_c', 'trun_b']), page(['trun_b', 'trun_a'])]).map((r) => r.id)).toEqual(['trun_c', 'trun_b', 'trun_a']);
  });
});

describe('pagesFreshness', () => {
  it('reports stale when any page is stale, with the oldest fetch time', () => {
    expect(pagesFreshness([page(['trun_a'], false, '2025-03-12T13:00:00Z'), page(['trun_b'], true, '2025-03-12T12:58:00Z')])).toEqual({
      stale: true,
      oldestFetchedAt: '2025-03-12T12:58:00Z',
    });
  });
});
