import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { startHarness, type Harness } from '../testing/runwatch-harness';
import { ScreenshotFeed } from './screenshot-feed';

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

const log = createLogger({ level: 'error', write: () => {} });

describe('ScreenshotFeed', () => {
  it('pages a long list once, then reads only from the page the list ended on', async () => {
    const h = await startHarness();
    open.push(h);
    const run = await h.createRun('many_screenshots');
    await h.advance(22 * 60_000);
    let now = 1_000_000;
    const feed = new ScreenshotFeed({ upstream: h.upstream, log, pageLimit: 100, windowMs: 1_000, now: () => now });
    const listReads = async () => (await h.upstreamRequests()).filter((r) => r.path === `/v2/task-runs/${run.id}/screenshots`);

    await h.resetUpstreamRequests();
    const first = (await feed.read(run.id)).value.items;
    expect(first.length).toBeGreaterThan(200);
    expect((await listReads()).length).toBe(Math.ceil((first.length + 1) / 100));

    // Within the window: shared, no upstream read.
    await h.resetUpstreamRequests();
    await feed.read(run.id);
    expect(await listReads()).toEqual([]);

    await h.advance(60_000);
    now += 1_500;
    const second = (await feed.read(run.id)).value.items;
    expect(second.length).toBeGreaterThan(first.length);
    expect((await listReads()).length).toBe(1);
    // Continuing from the last page gives the same screenshots as reading the whole list (signed links differ in time).
    const whole = new ScreenshotFeed({ upstream: h.upstream, log, pageLimit: 100 });
    const names = (items: unknown[]) => items.map((item) => (item as { file_name: string }).file_name);
    expect(names(second)).toEqual(names((await whole.read(run.id)).value.items));
    expect(new Set(names(second)).size).toBe(second.length);
  });
});

describe('ScreenshotFeed window', () => {
  it('widens as more runs are watched, so all galleries together keep to a fixed number of reads', async () => {
    const h = await startHarness();
    open.push(h);
    const runs = await Promise.all(Array.from({ length: 12 }, () => h.createRun('long_running')));
    await h.advance(2 * 60_000);
    let now = 5_000_000;
    const feed = new ScreenshotFeed({ upstream: h.upstream, log, windowMs: 1_000, readsPerMinute: 120, now: () => now });
    const listReads = async () => (await h.upstreamRequests()).filter((r) => r.path.endsWith('/screenshots')).length;

    // One watched run: re-read after the shortest window.
    await feed.read(runs[0]!.id);
    now += 1_500;
    await h.resetUpstreamRequests();
    await feed.read(runs[0]!.id);
    expect(await listReads()).toBe(1);

    // Twelve watched runs at 120 reads a minute: once all are watched, each is read at most every 6 s.
    for (const run of runs) await feed.read(run.id);
    expect(feed.watchedRuns).toBe(12);
    now += 11_000;
    await h.resetUpstreamRequests();
    for (const run of runs) await feed.read(run.id);
    expect(await listReads()).toBe(12);
    now += 3_000;
    await h.resetUpstreamRequests();
    for (const run of runs) await feed.read(run.id);
    expect(await listReads()).toBe(0);
    now += 8_000;
    for (const run of runs) await feed.read(run.id);
    expect(await listReads()).toBe(12);
  });

  it('past its reads for the last 10 s, keeps the lists it has and reads only a gallery’s first one', async () => {
    const h = await startHarness();
    open.push(h);
    const [a, b, c] = await Promise.all([h.createRun('long_running'), h.createRun('long_running'), h.createRun('long_running')]);
    await h.advance(2 * 60_000);
    let now = 9_000_000;
    // 12 a minute: at most 2 in any 10 s.
    const feed = new ScreenshotFeed({ upstream: h.upstream, log, windowMs: 1_000, maxWindowMs: 1_000, readsPerMinute: 12, now: () => now });
    const readsOf = async (runId: string) => (await h.upstreamRequests()).filter((r) => r.path === `/v2/task-runs/${runId}/screenshots`).length;

    await feed.read(a!.id);
    await feed.read(b!.id);
    now += 1_500;
    await h.resetUpstreamRequests();
    const kept = await feed.read(b!.id);
    expect(kept.value.items.length).toBeGreaterThan(0);
    expect(await readsOf(b!.id)).toBe(0);
    // A gallery opening on a run it holds nothing of still gets one read.
    expect((await feed.read(c!.id)).value.items.length).toBeGreaterThan(0);
    expect(await readsOf(c!.id)).toBe(1);

    now += 11_000;
    await h.advance(30_000);
    const later = await feed.read(b!.id);
    expect(await readsOf(b!.id)).toBe(1);
    expect(later.value.items.length).toBeGreaterThan(kept.value.items.length);
  });
});
