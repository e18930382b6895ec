import type { RunScreenshot } from '@/contract/bff';

/**
 * Screenshots in time order (ties, and shots without a capture time, keep the upstream's index
 * order, taken as oldest first: docs/upstream-contract.md, open point 16).
 */
export function inTimeOrder(shots: readonly RunScreenshot[]): RunScreenshot[] {
  return [...shots].sort((a, b) => {
    const byTime = a.createdAt === null || b.createdAt === null ? Number.NaN : Date.parse(a.createdAt) - Date.parse(b.createdAt);
    return byTime !== 0 && !Number.isNaN(byTime) ? byTime : a.index - b.index;
  });
}

/** What `?shot=` asked for: nothing, a 1-based position, or something that is not a position. */
export type ShotParam = { kind: 'none' } | { kind: 'position'; position: number } | { kind: 'invalid'; raw: string };

export function parseShotParam(raw: string | null): ShotParam {
  if (raw === null) return { kind: 'none' };
  if (!/^\d{1,6}$/.test(raw)) return { kind: 'invalid', raw };
  const value = Number(raw);
  return value >= 1 ? { kind: 'position', position: value } : { kind: 'invalid', raw };
}
