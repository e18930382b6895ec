import { describe, expect, it } from 'vitest';
import { UpstreamError } from './upstream-error';
import { ReadCache } from './read-cache';

describe('ReadCache.peek', () => {
  it('answers a copy within its window as a hit, and null before, after the window and after an invalidation', async () => {
    let now = 1_000_000;
    const cache = new ReadCache<string>({ ttlMs: () => 1_000, now: () => now });
    expect(cache.peek('k')).toBeNull();
    await cache.read('k', async () => 'v1');
    now += 500;
    expect(cache.peek('k')).toEqual({ value: 'v1', fetchedAt: 1_000_000, source: 'hit' });
    now += 500;
    expect(cache.peek('k')).toBeNull();

    await cache.read('k', async () => 'v2');
    expect(cache.peek('k')?.value).toBe('v2');
    cache.invalidate(() => true);
    expect(cache.peek('k')).toBeNull();
  });

  it('never answers a stale copy or a remembered failure: those go through read', async () => {
    let now = 1_000_000;
    const cache = new ReadCache<string>({ ttlMs: () => 1_000, failureTtlMs: 5_000, now: () => now });
    await cache.read('k', async () => 'v1');
    now += 2_000;
    const stale = await cache.read('k', async () => {
      throw new UpstreamError('network', 'down');
    });
    expect(stale.source).toBe('stale');
    expect(cache.peek('k')).toBeNull();
  });
});
