import { describe, expect, it } from 'vitest';
import { auditCsvUrl, filtersFromParams, filtersToParams, isoToLocalInput, localInputToIso } from './audit-filters';

describe('audit filters', () => {
  it('round-trips through the address bar and drops values the API would refuse', () => {
    const params = new URLSearchParams('actor=alice&action=run.canceled&runId=trun_1&from=2025-03-01T10:00:00.000Z&to=nonsense&extra=1');
    const filters = filtersFromParams(params);
    expect(filters).toEqual({ actor: 'alice', action: 'run.canceled', runId: 'trun_1', from: '2025-03-01T10:00:00.000Z' });
    expect(filtersToParams(filters).toString()).toBe('actor=alice&action=run.canceled&runId=trun_1&from=2025-03-01T10%3A00%3A00.000Z');
    expect(filtersFromParams(new URLSearchParams('action=drop.tables'))).toEqual({});
  });

  it('builds the CSV link with the same filters', () => {
    expect(auditCsvUrl({})).toBe('/api/audit.csv');
    expect(auditCsvUrl({ actor: 'alice', action: 'session.signed_in' })).toBe('/api/audit.csv?actor=alice&action=session.signed_in');
  });

  it('converts datetime-local values in the local time zone', () => {
    const iso = localInputToIso('2025-03-01T14:02')!;
    expect(new Date(iso).getHours()).toBe(14);
    expect(isoToLocalInput(iso)).toBe('2025-03-01T14:02');
    expect(localInputToIso('')).toBeUndefined();
  });
});
