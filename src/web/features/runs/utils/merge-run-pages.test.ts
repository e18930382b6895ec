import { describe, expect, it } from 'vitest';
import type { RunListResponse } from '@/contract/bff';
import { makeRun, makeUnreadableRun } from '@/web/lib/testing/make-run';
import { mergeRunPages, pagesFreshness } from './merge-run-pages';

function page(ids: string[], stale = false, fetchedAt = '2025-03-12T13:00:00Z'): RunListResponse {
  return { runs: ids.map((id) => makeRun({ id })), hasMore: false, nextCursor: null, freshness: { stale, fetchedAt, ageSeconds: 0 } };
}

describe('mergeRunPages', () => {
  it('keeps the first copy of a run that moved onto the next page', () => {
    expect(mergeRunPages([page(['trun_c', 'trun_b']), page(['trun_b', 'trun_a'])]).map((r) => r.id)).toEqual(['trun_c', 'trun_b', 'trun_a']);
  });

  it('keeps unreadable items: matched by id when they have one, always kept when they do not', () => {
    const first = page(['trun_c']);
    first.runs.push(makeUnreadableRun({ id: 'trun_b' }), makeUnreadableRun({ id: null, problem: 'no id' }));
    const second = page(['trun_b', 'trun_a']);
    second.runs.push(makeUnreadableRun({ id: null, problem: 'no id either' }));
    const merged = mergeRunPages([first, second]);
    expect(merged.map((r) => [r.id, 'unreadable' in r])).toEqual([
      ['trun_c', false],
      ['trun_b', true],
      [null, true],
      ['trun_a', false],
      [null, true],
    ]);
  });
});

describe('pagesFreshness', () => {
  it('reports stale when any page is stale, with the oldest fetch time', () => {
    expect(pagesFreshness([page(['trun_a'], false, '2025-03-12T13:00:00Z'), page(['trun_b'], true, '2025-03-12T12:58:00Z')])).toEqual({
      stale: true,
      staleReason: null,
      oldestFetchedAt: '2025-03-12T12:58:00Z',
    });
  });
});
