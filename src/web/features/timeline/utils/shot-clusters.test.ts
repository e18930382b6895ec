import { describe, expect, it } from 'vitest';
import { clusterShots } from './shot-clusters';

const evenly = (count: number) => Array.from({ length: count }, (_, i) => ({ position: i + 1, x: count === 1 ? 0 : i / (count - 1) }));

describe('clusterShots', () => {
  it('keeps a few far-apart screenshots as single ticks', () => {
    const clusters = clusterShots([
      { position: 1, x: 0 },
      { position: 2, x: 0.5 },
      { position: 3, x: 1 },
    ]);
    expect(clusters).toEqual([
      { x: 0, count: 1, first: 1, last: 1 },
      { x: 0.5, count: 1, first: 2, last: 2 },
      { x: 1, count: 1, first: 3, last: 3 },
    ]);
  });

  it('groups hundreds of screenshots into at most 16 ticks that count every one', () => {
    const clusters = clusterShots(evenly(400));
    expect(clusters.length).toBeLessThanOrEqual(16);
    expect(clusters.length).toBeGreaterThan(8);
    expect(clusters.reduce((sum, cluster) => sum + cluster.count, 0)).toBe(400);
    expect(clusters[0]!.first).toBe(1);
    expect(clusters.at(-1)!.last).toBe(400);
    // Ranges follow each other without gaps or overlaps.
    clusters.slice(1).forEach((cluster, index) => expect(cluster.first).toBe(clusters[index]!.last + 1));
  });

  it('puts screenshots taken at the same moment into one tick', () => {
    const clusters = clusterShots([
      { position: 1, x: 0.3 },
      { position: 2, x: 0.3 },
      { position: 3, x: 0.31 },
    ]);
    expect(clusters).toEqual([{ x: 0.305, count: 3, first: 1, last: 3 }]);
  });

  it('has nothing to show without screenshots', () => {
    expect(clusterShots([])).toEqual([]);
  });
});
