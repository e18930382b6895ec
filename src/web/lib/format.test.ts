import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatRelative, formatUtc } from './format';

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
