import { describe, expect, it } from 'vitest';
import { canonicalInstant } from './canonical-time';

describe('canonicalInstant', () => {
  it('gives one lexically comparable form, or null', () => {
    expect(canonicalInstant('2026-03-02T11:00:00+01:00')).toBe('2026-03-02T10:00:00.000Z');
    expect(canonicalInstant('2026-03-02T10:00Z')).toBe('2026-03-02T10:00:00.000Z');
    expect(canonicalInstant(' 2026-03-02T10:00:00.5Z ')).toBe('2026-03-02T10:00:00.500Z');
    expect(canonicalInstant('2026-03-02')).toBeNull();
    expect(canonicalInstant('2026-02-30T25:00:00Z')).toBeNull();
    expect(canonicalInstant(1_700_000_000)).toBeNull();
    expect(canonicalInstant(null)).toBeNull();
  });
});
