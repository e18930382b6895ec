/** Items of a fixed-width horizontal strip that intersect the viewport, plus some overscan. */
export function visibleRange(
  scrollLeft: number,
  viewportWidth: number,
  itemWidth: number,
  itemCount: number,
  overscan: number,
): { start: number; end: number } {
  if (itemCount === 0 || itemWidth <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollLeft) / itemWidth);
  const visibleCount = Math.ceil(Math.max(viewportWidth, itemWidth) / itemWidth) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(itemCount, first + visibleCount + overscan);
  return { start, end };
}

/** The scroll offset that brings item `index` fully into view, or null if it already is. */
export function scrollToReveal(index: number, scrollLeft: number, viewportWidth: number, itemWidth: number): number | null {
  const left = index * itemWidth;
  const right = left + itemWidth;
  if (left < scrollLeft) return left;
  if (right > scrollLeft + viewportWidth) return Math.max(0, right - viewportWidth);
  return null;
}
