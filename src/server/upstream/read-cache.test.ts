import { describe, expect, it } from 'vitest';
import { ReadCache } from './read-cache';

function setup(options: { canServeStale?: (error: unknown) => boolean } = {}) {
  let now = 1_000_000;
  const cache = new ReadCache<string>({
    ttlMs: (value) => (value.startsWith('done') ? 10_000 : 1_000),
    failureTtlMs: 500,
    maxEntries: 3,
    now: () => now,
    ...options,
  });
  return { cache, tick: (ms: number) => (now += ms), at: () => now };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ReadCache', () => {
  it('shares one fetch among identical reads in flight', async () => {
    const { cache } = setup();
    const pending = deferred<string>();
    let calls = 0;
    const fetch = () => {
      calls++;
      return pending.promise;
    };
    const reads = Array.from({ length: 50 }, () => cache.read('k', fetch));
    pending.resolve('v1');
    const results = await Promise.all(reads);
    expect(calls).toBe(1);
    expect(results.every((r) => r.value === 'v1')).toBe(true);
    expect(results.filter((r) => r.source === 'miss')).toHaveLength(1);
  });

  it('reuses a value within its window, longer for finished values', async () => {
    const { cache, tick } = setup();
    let calls = 0;
    await cache.read('active', async () => `v${++calls}`);
    tick(999);
    expect((await cache.read('active', async () => `v${++calls}`)).source).toBe('hit');
    tick(2);
    expect((await cache.read('active', async () => `v${++calls}`)).value).toBe('v2');

    await cache.read('finished', async () => 'done-1');
    tick(9_000);
    expect((await cache.read('finished', async () => 'done-2')).value).toBe('done-1');
  });

  it('serves the last good copy as stale when a refresh fails, and reuses the failure briefly', async () => {
    const { cache, tick } = setup();
    await cache.read('k', async () => 'good');
    tick(1_500);
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('outage');
    };
    const stale = await cache.read('k', failing);
    expect(stale).toMatchObject({ value: 'good', source: 'stale' });
    expect((stale.staleBecause as Error).message).toBe('outage');
    expect((await cache.read('k', failing)).source).toBe('stale');
    expect(calls).toBe(1);
    tick(600);
    const recovered = await cache.read('k', async () => 'fresh');
    expect(recovered).toMatchObject({ value: 'fresh', source: 'miss' });
  });

  it('passes errors on when there is no copy or stale is not allowed', async () => {
    const { cache, tick } = setup({ canServeStale: (error) => (error as Error).message !== 'gone' });
    await expect(cache.read('none', async () => Promise.reject(new Error('outage')))).rejects.toThrow('outage');
    await cache.read('k', async () => 'good');
    tick(2_000);
    await expect(cache.read('k', async () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
  });

  it('bypass skips the window but not the fallback; invalidate ends the window', async () => {
    const { cache } = setup();
    await cache.read('k', async () => 'old');
    expect((await cache.read('k', async () => 'new', { bypass: true })).value).toBe('new');
    cache.invalidate((key) => key === 'k');
    expect((await cache.read('k', async () => 'newer')).value).toBe('newer');
    expect((await cache.read('k', async () => Promise.reject(new Error('x')), { bypass: true })).source).toBe('stale');
  });

  it('tells the fetch whether an older copy exists', async () => {
    const { cache, tick } = setup();
    const seen: boolean[] = [];
    await cache.read('k', async ({ refresh }) => (seen.push(refresh), 'a'));
    tick(5_000);
    await cache.read('k', async ({ refresh }) => (seen.push(refresh), 'b'));
    expect(seen).toEqual([false, true]);
  });

  it('evicts the oldest entries beyond its size', async () => {
    const { cache } = setup();
    for (const key of ['a', 'b', 'c', 'd']) await cache.read(key, async () => key);
    expect(cache.size).toBe(3);
    let refetched = false;
    await cache.read('a', async () => ((refetched = true), 'a'));
    expect(refetched).toBe(true);
  });
});
