/** A screenshot placed on the timeline bar: its 1-based position and where it falls (0..1). */
export interface ShotMark {
  position: number;
  x: number;
}

/** Marks close enough to share one tick on the bar. */
export interface ShotCluster {
  /** Where the tick sits (0..1): the middle of the marks it holds. */
  x: number;
  count: number;
  /** 1-based positions of the first and last screenshot in it. */
  first: number;
  last: number;
}

/** Most ticks the bar shows: beyond this they would merge into one grey bar. */
export const MAX_SHOT_CLUSTERS = 16;

/**
 * Groups screenshot marks into at most `maxClusters` equal slices of the bar, so hundreds of
 * screenshots read as a handful of ticks with counts instead of a solid band.
 */
export function clusterShots(marks: readonly ShotMark[], maxClusters = MAX_SHOT_CLUSTERS): ShotCluster[] {
  const slices = new Map<number, ShotMark[]>();
  for (const mark of marks) {
    const slice = Math.min(maxClusters - 1, Math.max(0, Math.floor(mark.x * maxClusters)));
    const list = slices.get(slice);
    if (list) list.push(mark);
    else slices.set(slice, [mark]);
  }
  return [...slices.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, list]) => {
      let first = list[0]!;
      let last = list[0]!;
      for (const mark of list) {
        if (mark.position < first.position) first = mark;
        if (mark.position > last.position) last = mark;
      }
      return { x: (first.x + last.x) / 2, count: list.length, first: first.position, last: last.position };
    });
}
