import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, isChipActive, parseRunFilters, runFiltersToApiParams, runFiltersToSearchParams, STATUS_CHIPS, toggleChip } from './run-filters';

const needsHumanChip = STATUS_CHIPS.find((c) => c.key === 'needs_human')!;
const failedChip = STATUS_CHIPS.find((c) => c.key === 'failed')!;

describe('parseRunFilters', () => {
  it('reads every filter from the page URL', () => {
    const filters = parseRunFilters(new URLSearchParams('status=failed,running&outcome=failure&task_id=task_abc&source_id=src_9&created=24h'));
    expect(filters).toEqual({ ...EMPTY_FILTERS, statuses: ['running', 'failed'], outcome: 'failure', taskId: 'task_abc', sourceId: 'src_9', created: '24h' });
  });

  it('accepts repeated status parameters', () => {
    expect(parseRunFilters(new URLSearchParams('status=queued&status=completed')).statuses).toEqual(['queued', 'completed']);
  });

  it('drops values it does not recognise instead of passing them on', () => {
    const filters = parseRunFilters(new URLSearchParams('status=running,bogus&outcome=maybe&task_id=../../admin&source_id=task_wrongkind&created=1y'));
    expect(filters).toEqual({ ...EMPTY_FILTERS, statuses: ['running'] });
  });
});

describe('runFiltersToSearchParams', () => {
  it('round-trips through the URL', () => {
    const filters = { ...EMPTY_FILTERS, statuses: ['interaction_required', 'review_required'], outcome: 'success', taskId: 'task_1', created: '1h' } as const;
    const params = runFiltersToSearchParams({ ...filters, statuses: [...filters.statuses] });
    expect(params.toString()).toBe('status=interaction_required%2Creview_required&outcome=success&task_id=task_1&created=1h');
    expect(parseRunFilters(params)).toEqual({ ...filters, statuses: [...filters.statuses] });
  });

  it('writes nothing for empty filters', () => {
    expect(runFiltersToSearchParams(EMPTY_FILTERS).toString()).toBe('');
  });
});

describe('runFiltersToApiParams', () => {
  it('maps filters to the /api/runs query, statuses repeated', () => {
    const now = Date.parse('2025-03-12T13:00:00Z');
    const params = runFiltersToApiParams(
      { ...EMPTY_FILTERS, statuses: ['running', 'failed'], outcome: 'failure', taskId: 'task_1', sourceId: 'src_2', created: '1h' },
      { cursor: 'abc', limit: 25, now },
    );
    expect(params.getAll('status')).toEqual(['running', 'failed']);
    expect(params.get('outcome')).toBe('failure');
    expect(params.get('task_id')).toBe('task_1');
    expect(params.get('source_id')).toBe('src_2');
    expect(params.get('created_after')).toBe('2025-03-12T12:00:00.000Z');
    expect(params.get('limit')).toBe('25');
    expect(params.get('cursor')).toBe('abc');
  });

  it('passes on the failure filters a link into the list carries, and the later of two starts', () => {
    const now = Date.parse('2025-03-12T13:00:00Z');
    const filters = parseRunFilters(
      new URLSearchParams(
        'status=failed&error_code=blocked&error_group=source&created_after=2025-03-12T12:30:00Z&created_before=2025-03-12T12:45:00Z&created=1h',
      ),
    );
    expect(filters).toMatchObject({ errorCode: 'blocked', errorGroup: 'source', createdAfter: '2025-03-12T12:30:00Z', createdBefore: '2025-03-12T12:45:00Z' });
    const params = runFiltersToApiParams(filters, { now });
    expect(params.get('error_code')).toBe('blocked');
    expect(params.get('error_group')).toBe('source');
    expect(params.get('created_after')).toBe('2025-03-12T12:30:00Z');
    expect(params.get('created_before')).toBe('2025-03-12T12:45:00Z');
    expect(parseRunFilters(runFiltersToSearchParams(filters))).toEqual(filters);
  });

  it('ignores failure filters it cannot read', () => {
    const filters = parseRunFilters(new URLSearchParams('error_code=a%20b&error_group=weather&created_after=yesterday&created_before=2025-03-12'));
    expect(filters).toEqual(EMPTY_FILTERS);
  });

  it('sends only the page size when unfiltered', () => {
    expect(runFiltersToApiParams(EMPTY_FILTERS).toString()).toBe('limit=50');
  });
});

describe('status chips', () => {
  it('"Needs a human" stands for both human-waiting statuses', () => {
    const on = toggleChip(EMPTY_FILTERS, needsHumanChip);
    expect(on.statuses).toEqual(['interaction_required', 'review_required']);
    expect(isChipActive(on, needsHumanChip)).toBe(true);
    expect(toggleChip(on, needsHumanChip).statuses).toEqual([]);
  });

  it('combines chips and keeps the canonical order', () => {
    const both = toggleChip(toggleChip(EMPTY_FILTERS, failedChip), needsHumanChip);
    expect(both.statuses).toEqual(['interaction_required', 'review_required', 'failed']);
    expect(toggleChip(both, failedChip).statuses).toEqual(['interaction_required', 'review_required']);
  });
});
