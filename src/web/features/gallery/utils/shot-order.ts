import type { RunScreenshot } from '../../../../contract/bff';

/** Screenshots in time order (ties keep the upstream's index order). */
export function inTimeOrder(shots: readonly RunScreenshot[]): RunScreenshot[] {
  return [...shots].sort((a, b) => {
    const byTime = Date.parse(a.createdAt) - Date.parse(b.createdAt);
    return byTime !== 0 && !Number.isNaN(byTime) ? byTime : a.index - b.index;
  });
}

/** `?shot=N` is 1-based; anything unparsable means "no deep link". */
export function parseShotParam(raw: string | null): number | null {
  if (raw === null || !/^\d{1,6}$/.test(raw)) return null;
  const value = Number(raw);
  return value >= 1 ? value : null;
}
