import { describe, expect, it } from 'vitest';
import { failedRunsLink, windowFromSearch } from './failure-links';

const preset = { preset: '24h' as const, from: '2026-11-28T11:00:00.000Z', to: '2026-11-29T11:00:00.000Z', bucketMs: 3_600_000 };
const custom = { ...preset, preset: null };

function query(link: string): Record<string, string> {
  expect(link.startsWith('/?')).toBe(true);
  return Object.fromEntries(new URLSearchParams(link.slice(2)));
}

describe('failedRunsLink', () => {
  it('opens the failed runs of an error (group and code) created in the window, open-ended for a preset', () => {
    expect(query(failedRunsLink(preset, { kind: 'error', group: 'source', code: 'source_not_available' }))).toEqual({
      status: 'failed',
      error_group: 'source',
      error_code: 'source_not_available',
      created_after: preset.from,
    });
  });

  it('bounds a from/to window at both ends', () => {
    expect(query(failedRunsLink(custom, { kind: 'group', group: 'platform' }))).toEqual({
      status: 'failed',
      error_group: 'platform',
      created_after: custom.from,
      created_before: custom.to,
    });
  });

  it('filters by source or task, and leaves out what the index does not know', () => {
    expect(query(failedRunsLink(preset, { kind: 'source', sourceId: 'src_bank1' }))).toMatchObject({ source_id: 'src_bank1', status: 'failed' });
    expect(query(failedRunsLink(preset, { kind: 'task', taskId: 'task_pay' }))).toMatchObject({ task_id: 'task_pay' });
    expect(query(failedRunsLink(preset, { kind: 'source', sourceId: null }))).toEqual({ status: 'failed', created_after: preset.from });
    expect(query(failedRunsLink(preset, { kind: 'error', group: 'unknown', code: null }))).toEqual({
      status: 'failed',
      error_group: 'unknown',
      created_after: preset.from,
    });
  });

  it('encodes values so a hostile code cannot add parameters', () => {
    expect(query(failedRunsLink(preset, { kind: 'error', group: 'request', code: 'x&status=completed' }))).toMatchObject({
      status: 'failed',
      error_code: 'x&status=completed',
    });
  });
});

describe('windowFromSearch', () => {
  it('takes a known preset and falls back to 24 hours for anything else', () => {
    expect(windowFromSearch('7d')).toBe('7d');
    expect(windowFromSearch('1h')).toBe('1h');
    expect(windowFromSearch('365d')).toBe('24h');
    expect(windowFromSearch(null)).toBe('24h');
    expect(windowFromSearch('constructor')).toBe('24h');
  });
});
