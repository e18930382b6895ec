import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runResponseSchema } from '../contract/bff';
import { startSimulator, type StartedSimulator } from '../simulator/start-simulator';
import { CANARY_KEY } from './testing/canary';
import { startHarness, type Harness } from './testing/runwatch-harness';

/**
 * The one scheduler over HTTP, with the real app and the real simulator: Runwatch's own reads of
 * the event log (back-fill, catch-up) never take what a person's read of a run needs. The budget
 * runs on a clock the test moves by hand, at the production share (100 per 10 s, burst 20).
 */

let sim: StartedSimulator;
let h: Harness;
const clock = { now: 0 };

beforeAll(async () => {
  sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 });
  h = await startHarness({
    simulator: sim,
    budget: { limit: 100, windowMs: 10_000, burst: 20, now: () => clock.now },
    // Back-fill reads wait for the clock this test moves; the deadline only bounds a broken test.
    client: { readDeadlineMs: 60_000, attemptTimeoutMs: 5_000 },
    // No reuse window: every read of the run by the viewer is a refresh that needs a token.
    cache: { activeTtlMs: 0, activeTtlWithEventsMs: 0, failureTtlMs: 0 },
  });
});

afterAll(async () => {
  await h?.close();
  await sim?.close();
});

const viewer = (n: number) => ({ cookie: `runwatch_session=viewer-session-${n}` });

describe('a back-fill of the event log', () => {
  it('takes only what is above its headroom, and never a token a viewer of a run needs', async () => {
    const run = await h.createRun('long_running');
    const opened = await h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: viewer(0) });
    expect(opened.status).toBe(200);
    await h.resetUpstreamRequests();
    const before = h.upstream.budget.snapshot();

    // Fifteen back-fill pages asked for at once, with the clock standing still.
    const backfill = Array.from({ length: 15 }, () => h.upstream.listEvents({ types: ['task_run.*'], limit: 100 }, 'backfill'));
    const sentAtOnce = h.upstream.budget.snapshot();
    // Half the bucket (20) is the back-fill's headroom: 9 go out (19 tokens left after the first view), the rest wait.
    expect(sentAtOnce.uses.backfill.served - before.uses.backfill.served).toBe(9);
    expect(sentAtOnce.uses.backfill.waiting).toBe(6);

    // Two viewers refresh the run as often as the headroom allows (10 tokens): every read is fresh.
    for (let i = 0; i < 5; i++) {
      for (const session of [1, 2]) {
        const read = await h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: viewer(session) });
        expect(read.status).toBe(200);
        expect(read.headers.get('x-cache')).toBe('MISS');
        expect(runResponseSchema.parse(read.json()).freshness.stale).toBe(false);
      }
    }
    expect(h.upstream.budget.snapshot().uses.backfill.waiting).toBe(6);

    // Time moves on: the waiting back-fill goes out as the bucket refills, and every page arrives.
    for (let step = 0; step < 60 && h.upstream.budget.snapshot().uses.backfill.waiting > 0; step++) {
      clock.now += 1_000;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const pages = await Promise.all(backfill);
    expect(pages).toHaveLength(15);
    for (const page of pages) expect(Array.isArray(page.data.data)).toBe(true);

    const upstream = await h.upstreamRequests();
    expect(upstream.filter((r) => r.path === `/v2/task-runs/${run.id}`)).toHaveLength(10);
    expect(upstream.filter((r) => r.path === '/v2/events')).toHaveLength(15);
  });

  it('is refused at once, not queued without end, when its lane already has its most waiting', async () => {
    // Spend the bucket down to the back-fill headroom, then ask for more than the lane may hold waiting.
    const waiting: Promise<unknown>[] = [];
    for (let i = 0; i < 40 && h.upstream.budget.snapshot().uses.backfill.waiting < 8; i++) waiting.push(h.upstream.listEvents({ limit: 1 }, 'backfill'));
    expect(h.upstream.budget.snapshot().uses.backfill.waiting).toBe(8);
    const refused = await h.upstream.listEvents({ limit: 1 }, 'backfill').catch((error: unknown) => error);
    expect(refused).toMatchObject({ kind: 'busy' });
    for (let step = 0; step < 60 && h.upstream.budget.snapshot().uses.backfill.waiting > 0; step++) {
      clock.now += 1_000;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(waiting);
  });
});
