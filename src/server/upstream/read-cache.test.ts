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

  describe('a fetch under way when the key is invalidated (an action happened meanwhile)', () => {
    it('is not joined by later reads, and its answer goes only to the reads that joined it before', async () => {
      const { cache } = setup();
      await cache.read('k', async () => 'before');
      cache.invalidate((key) => key === 'k');
      const started = deferred<string>();
      const early = cache.read('k', () => started.promise);
      const joined = cache.read('k', async () => 'unused');

      cache.invalidate((key) => key === 'k');
      let fetchedAfter = 0;
      const afterAction = cache.read('k', async () => (fetchedAfter++, 'after'));
      expect(fetchedAfter).toBe(1);
      expect((await afterAction).value).toBe('after');

      started.resolve('before-late');
      expect((await early).value).toBe('before-late');
      expect((await joined).value).toBe('before-late');
      // The late answer did not replace the newer one.
      expect(await cache.read('k', async () => 'refetched')).toMatchObject({ value: 'after', source: 'hit' });
    });

    it('does not store its answer even when nothing newer has arrived yet', async () => {
      const { cache } = setup();
      const started = deferred<string>();
      const early = cache.read('k', () => started.promise);
      cache.invalidate((key) => key === 'k');
      started.resolve('old');
      expect((await early).value).toBe('old');
      expect((await cache.read('k', async () => 'new')).value).toBe('new');
    });

    it('does not store its failure either, and a bypassing fetch is disowned too', async () => {
      const { cache } = setup();
      const failing = deferred<string>();
      const bypassing = deferred<string>();
      const early = cache.read('a', () => failing.promise);
      const fresh = cache.read('b', () => bypassing.promise, { bypass: true });
      cache.invalidate(() => true);
      failing.reject(new Error('outage'));
      bypassing.resolve('old-b');
      await expect(early).rejects.toThrow('outage');
      expect((await fresh).value).toBe('old-b');
      expect((await cache.read('a', async () => 'recovered')).value).toBe('recovered');
      expect((await cache.read('b', async () => 'new-b')).value).toBe('new-b');
    });

    it('leaves fetches of other keys alone', async () => {
      const { cache } = setup();
      const other = deferred<string>();
      const read = cache.read('other', () => other.promise);
      cache.invalidate((key) => key === 'k');
      other.resolve('kept');
      await read;
      expect(await cache.read('other', async () => 'refetched')).toMatchObject({ value: 'kept', source: 'hit' });
    });
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

  it('never lets failures of keys with no copy (made-up ids) evict good copies', async () => {
    const { cache, tick } = setup();
    for (const key of ['a', 'b', 'c']) await cache.read(key, async () => key);
    const notFound = new Error('not found');
    for (let i = 0; i < 50; i++) {
      await expect(cache.read(`junk${i}`, () => Promise.reject(notFound))).rejects.toBe(notFound);
    }
    tick(5_000);
    // The good copies are still there to fall back on when the upstream fails.
    for (const key of ['a', 'b', 'c']) {
      const read = await cache.read(key, () => Promise.reject(new Error('outage')));
      expect(read).toMatchObject({ value: key, source: 'stale' });
    }
  });

  it('remembers a failure of a key with no copy for the failure window, then asks again as a first view', async () => {
    const { cache, tick } = setup();
    const seen: boolean[] = [];
    const failing = async ({ refresh }: { refresh: boolean }) => {
      seen.push(refresh);
      throw new Error('down');
    };
    await expect(cache.read('k', failing)).rejects.toThrow('down');
    await expect(cache.read('k', failing)).rejects.toThrow('down');
    expect(seen).toEqual([false]);
    tick(600);
    await expect(cache.read('k', failing)).rejects.toThrow('down');
    expect(seen).toEqual([false, false]);
  });
});
