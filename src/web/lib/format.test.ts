import { afterEach, describe, expect, it } from 'vitest';
import { dateTimeTitle, formatBytes, formatDateTime, formatDuration, formatRelative, formatTimeOfDay, formatUtc, timeZoneName } from './format';
import { getTimeZonePreference, readTimeZonePreference, setTimeZonePreference, TIME_ZONE_STORAGE_KEY } from './time-zone-preference';

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [-5, '—'],
    [0, '0 ms'],
    [850, '850 ms'],
    [12_400, '12 s'],
    [96_000, '1 m 36 s'],
    [120_000, '2 m'],
    [2 * 3_600_000 + 5 * 60_000 + 7_000, '2 h 5 m'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h'],
  ])('formats %s as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1536, '1.5 KB'],
    [10 * 1024, '10 KB'],
    [5 * 1024 * 1024, '5 MB'],
    [1.25 * 1024 ** 3, '1.3 GB'],
    [Number.NaN, '—'],
  ])('formats %s as %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2025-03-12T13:00:00Z');
  it.each([
    ['2025-03-12T12:59:58Z', 'just now'],
    ['2025-03-12T12:59:57Z', 'just now'],
    ['2025-03-12T12:59:30Z', '30 s ago'],
    ['2025-03-12T12:55:00Z', '5 min ago'],
    ['2025-03-12T10:00:00Z', '3 h ago'],
    ['2025-03-08T13:00:00Z', '4 d ago'],
    ['2025-03-12T13:00:20Z', 'in 20 s'],
  ])('formats %s', (iso, expected) => {
    expect(formatRelative(iso, now)).toBe(expected);
  });

  it('says so for an unparseable timestamp', () => {
    expect(formatRelative('yesterday-ish', now)).toBe('Invalid date');
  });
});

describe('formatUtc', () => {
  it('renders an unambiguous UTC timestamp', () => {
    expect(formatUtc('2025-03-12T14:03:27.123+01:00')).toBe('2025-03-12 13:03:27 UTC');
  });
});

describe('time zones', () => {
  afterEach(() => setTimeZonePreference('local'));
  const instant = '2025-03-12T23:30:05Z';

  it('names the zone in every date and time', () => {
    expect(formatDateTime(instant, 'utc')).toMatch(/11:30:05\s?PM UTC|23:30:05 UTC/);
    expect(formatDateTime(instant, 'local')).toContain(timeZoneName('local', new Date(instant)));
  });

  it('shows UTC when the viewer chose it, and the other zone in the tooltip', () => {
    setTimeZonePreference('utc');
    expect(formatDateTime(instant)).toContain('UTC');
    const [first, second] = dateTimeTitle(instant).split('\n');
    expect(first).toBe(formatDateTime(instant, 'utc'));
    expect(second).toBe(formatDateTime(instant, 'local'));
    setTimeZonePreference('local');
    expect(dateTimeTitle(instant).split('\n')[1]).toBe('2025-03-12 23:30:05 UTC');
  });

  it('remembers the choice in localStorage and falls back to local for anything else', () => {
    setTimeZonePreference('utc');
    expect(window.localStorage.getItem(TIME_ZONE_STORAGE_KEY)).toBe('utc');
    expect(readTimeZonePreference()).toBe('utc');
    setTimeZonePreference('local');
    expect(window.localStorage.getItem(TIME_ZONE_STORAGE_KEY)).toBeNull();
    window.localStorage.setItem(TIME_ZONE_STORAGE_KEY, 'mars');
    expect(readTimeZonePreference()).toBe('local');
    expect(getTimeZonePreference()).toBe('local');
  });

  it('shows only the time (with its zone) for today and the date otherwise', () => {
    const now = Date.parse('2025-03-12T23:50:00Z');
    expect(formatTimeOfDay(instant, now, 'utc')).toMatch(/^(11:30\sPM|23:30) UTC$/);
    expect(formatTimeOfDay('2025-03-11T08:00:00Z', now, 'utc')).toBe(formatDateTime('2025-03-11T08:00:00Z', 'utc'));
    expect(formatTimeOfDay('not a date', now, 'utc')).toBe('Invalid date');
  });

  it('says the date of a far-away time in the chosen zone', () => {
    // 23:30 UTC on 12 March is already 13 March east of Greenwich; in UTC it is the 12th.
    expect(formatRelative(instant, Date.parse('2025-06-01T00:00:00Z'), 'utc')).toMatch(/12/);
  });
});
