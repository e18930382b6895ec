import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { completeBody } from './appendable-body';
import { ResponseBytesCache } from './response-bytes-cache';

const ready = async <T>(value: T | Promise<T>): Promise<T> => value;

describe('ResponseBytesCache', () => {
  it('serialises a copy once and hands the same bytes to every later request', async () => {
    const cache = new ResponseBytesCache();
    const copy = {};
    let serialized = 0;
    const serialize = () => {
      serialized++;
      return '{"run":{"id":"trun_1"},"freshness":';
    };
    const [a, b] = await Promise.all([ready(cache.head('trun_1?', copy, null, serialize)), ready(cache.head('trun_1?', copy, null, serialize))]);
    const c = await ready(cache.head('trun_1?', copy, null, serialize));
    expect(serialized).toBe(1);
    expect(b.bytes).toBe(a.bytes);
    expect(c.bytes).toBe(a.bytes);
    // A coding is made from the same plain head, so it does not serialise again.
    const gzip = await ready(cache.head('trun_1?', copy, 'gzip', serialize));
    expect(serialized).toBe(1);
    expect(gzip.tag).toBe(a.tag);
    expect(zlib.gunzipSync(completeBody(gzip, '{}}')).toString()).toBe('{"run":{"id":"trun_1"},"freshness":{}}');
    expect(await ready(cache.head('trun_1?', copy, 'gzip', serialize))).toBe(gzip);
  });

  it('builds new bytes for a new copy of the run, with a new tag', async () => {
    const cache = new ResponseBytesCache();
    const first = await ready(cache.head('trun_1?', {}, null, () => 'old'));
    const second = await ready(cache.head('trun_1?', {}, null, () => 'new'));
    expect(first.bytes.toString()).toBe('old');
    expect(second.bytes.toString()).toBe('new');
    expect(second.tag).not.toBe(first.tag);
  });

  it('keeps at most maxEntries heads, least recently used out first', async () => {
    const cache = new ResponseBytesCache({ maxEntries: 2 });
    const owners = [{}, {}, {}];
    let serialized = 0;
    const head = (i: number) => ready(cache.head(`trun_${i}?`, owners[i]!, null, () => `run ${i} ${++serialized}`));
    await head(0);
    await head(1);
    await head(0); // 0 is now the most recently used
    await head(2); // so 1 goes
    expect(cache.size.entries).toBe(2);
    expect(serialized).toBe(3);
    await head(0);
    expect(serialized).toBe(3);
    await head(1);
    expect(serialized).toBe(4);
  });

  it('keeps at most maxBytes, and a head larger than the limit is still answered', async () => {
    const cache = new ResponseBytesCache({ maxBytes: 1000 });
    for (let i = 0; i < 5; i++) await ready(cache.head(`trun_${i}?`, {}, null, () => 'x'.repeat(300)));
    expect(cache.size.bytes).toBeLessThanOrEqual(1000);
    expect(cache.size.entries).toBe(3);
    const huge = await ready(cache.head('trun_big?', {}, null, () => 'y'.repeat(5000)));
    expect(huge.bytes.length).toBe(5000);
    expect(cache.size.bytes).toBeLessThanOrEqual(1000);
  });

  it('forgets the heads of the keys asked for, in every coding', async () => {
    const cache = new ResponseBytesCache();
    const copy = {};
    await ready(cache.head('trun_1?artifacts', copy, 'gzip', () => 'one'));
    await ready(cache.head('trun_2?', {}, null, () => 'two'));
    expect(cache.size.entries).toBe(3);
    cache.forget((key) => key.startsWith('trun_1?'));
    expect(cache.size.entries).toBe(1);
  });
});
