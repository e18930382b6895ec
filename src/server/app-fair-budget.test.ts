import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runResponseSchema } from '../contract/bff';
import { startSimulator, type StartedSimulator } from '../simulator/start-simulator';
import { createLogger } from './logger';
import { openObservationStore } from './store/observation-store';
import { CANARY_KEY } from './testing/canary';
import { startFullAppTestServer } from './testing/full-app-test-server';
import { startHarness, type Harness, type HarnessResponse } from './testing/runwatch-harness';
import { expectApiError } from './testing/api-envelope';

/**
 * The upstream budget under abuse, over HTTP against the real simulator: one session looping over
 * made-up run ids, "not found" remembered, and a hostile Retry-After. The budget runs on a clock
 * the test moves by hand, so what each session gets is decided by the shares, not by timing.
 */

let sim: StartedSimulator;
const harnesses: Harness[] = [];

beforeAll(async () => {
  sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 });
});

afterAll(async () => {
  for (const h of harnesses) await h.close();
  await sim?.close();
});

/** Production budget figures (150 per 10 s, burst 30) on a hand-moved clock. */
async function harnessWithClock(options: Parameters<typeof startHarness>[0] = {}) {
  const clock = { now: 0 };
  const h = await startHarness({
    simulator: sim,
    budget: { limit: 150, windowMs: 10_000, burst: 30, now: () => clock.now, ...options.budget },
    client: { readDeadlineMs: 1_000, attemptTimeoutMs: 1_000, retryBaseDelayMs: 10, ...options.client },
    cache: options.cache,
    dataDir: options.dataDir,
  });
  harnesses.push(h);
  return { h, clock };
}

const sessionA = { cookie: 'runwatch_session=session-token-of-the-flooder' };
const sessionB = { cookie: 'runwatch_session=session-token-of-a-colleague' };

function runPath(id: string) {
  return `/v2/task-runs/${id}`;
}

function junkId(n: number) {
  return `trun_madeup${String(n).padStart(4, '0')}`;
}

describe('a junk-id flood by one session', () => {
  it("leaves another session's reads of a known run fresh, without waiting for a token", async () => {
    // No reuse window: every read of the run by session B is a refresh that needs a token.
    const { h } = await harnessWithClock({ cache: { activeTtlMs: 0, failureTtlMs: 0 } });
    const run = await h.createRun('long_running');
    const opened = await h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionB });
    expect(opened.status).toBe(200);
    await h.resetUpstreamRequests();

    const floodResponses: HarnessResponse[] = [];
    const readsOfB: HarnessResponse[] = [];
    let next = 0;
    for (let round = 0; round < 3; round++) {
      const batch = Array.from({ length: 10 }, () => junkId(next++));
      const [flood, read] = await Promise.all([
        Promise.all(batch.map((id) => h.request(`/api/runs/${id}`, { role: 'viewer', headers: sessionA }))),
        h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionB }),
      ]);
      floodResponses.push(...flood);
      readsOfB.push(read);
      readsOfB.push(await h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionB }));
    }

    for (const read of readsOfB) {
      expect(read.status).toBe(200);
      expect(read.headers.get('x-cache')).toBe('MISS');
      const body = runResponseSchema.parse(read.json());
      expect(body.freshness.stale).toBe(false);
      expect(body.freshness.staleReason ?? null).toBeNull();
    }

    const upstream = await h.upstreamRequests();
    const callsForB = upstream.filter((r) => r.path === runPath(run.id));
    const callsForA = upstream.filter((r) => r.path.startsWith('/v2/task-runs/trun_madeup'));
    expect(callsForB).toHaveLength(readsOfB.length);
    // Session A's share of lookups of unseen ids: half of the unseen lane (6 of a burst of 30).
    expect(callsForA.length).toBeGreaterThan(0);
    expect(callsForA.length).toBeLessThanOrEqual(3);

    // What went out was answered "not found"; the rest was refused as busy, with a time to retry.
    const statuses = floodResponses.map((r) => r.status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(callsForA.length);
    for (const refused of floodResponses.filter((r) => r.status !== 404)) {
      await expectApiError(refused, { status: 503, code: 'upstream_busy' });
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  });

  it('leaves another session its own share of lookups, even for runs this server never saw', async () => {
    const { h } = await harnessWithClock();
    const runs = await Promise.all([1, 2].map(() => h.createRun('long_running')));
    const flood = await Promise.all(Array.from({ length: 12 }, (_, i) => h.request(`/api/runs/${junkId(100 + i)}`, { role: 'viewer', headers: sessionA })));
    expect(flood.some((r) => r.status === 503)).toBe(true);
    for (const run of runs) {
      const read = await h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionB });
      expect(read.status).toBe(200);
      expect(runResponseSchema.parse(read.json()).freshness.stale).toBe(false);
    }
  });
});

describe('sessions', () => {
  it('are budgeted apart even when one account is signed in twice (two people behind one office address)', async () => {
    const app = await startFullAppTestServer();
    try {
      const sessions = [await app.signInAs('viewer'), await app.signInAs('viewer')];
      expect(sessions[0]).not.toBe(sessions[1]);
      // Both flood at once, each with 12 made-up ids: each session gets its own share of lookups.
      const answers = await Promise.all(
        sessions.map((cookie, s) =>
          Promise.all(Array.from({ length: 12 }, (_, i) => fetch(`${app.url}/api/runs/${junkId(500 + s * 100 + i)}`, { headers: { cookie } }))),
        ),
      );
      const notFound = answers.map((responses) => responses.filter((r) => r.status === 404).length);
      for (const responses of answers) for (const r of responses) expect([404, 503]).toContain(r.status);
      // One shared share would let 5 through in all (3 at once, 2 after waiting); two let 5 each.
      for (const count of notFound) expect(count).toBeGreaterThanOrEqual(3);
      expect(notFound[0]! + notFound[1]!).toBeGreaterThanOrEqual(8);
    } finally {
      await app.close();
    }
  });
});

describe('a session that spent its share', () => {
  it("gets the last copy marked budget_exhausted, which does not make the next session's read stale", async () => {
    // No reuse window, so every read is a refresh; failures are remembered for the usual second.
    const { h } = await harnessWithClock({ cache: { activeTtlMs: 0, failureTtlMs: 1_000 } });
    const run = await h.createRun('long_running');
    expect((await h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionB })).status).toBe(200);

    // Half the burst (15) is session A's share; the clock stands still, so nothing refills.
    const freshForA: boolean[] = [];
    for (let i = 0; i < 16; i++) {
      const read = await h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionA });
      freshForA.push(!runResponseSchema.parse(read.json()).freshness.stale);
    }
    expect(freshForA.filter(Boolean)).toHaveLength(15);
    const refused = await h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionA });
    expect(refused.headers.get('x-cache')).toBe('STALE');
    expect(runResponseSchema.parse(refused.json()).freshness).toMatchObject({ stale: true, staleReason: 'budget_exhausted' });

    const other = await h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionB });
    expect(other.headers.get('x-cache')).toBe('MISS');
    expect(runResponseSchema.parse(other.json()).freshness.stale).toBe(false);
  });
});

describe('opening runs this server never saw', () => {
  it('costs one lookup per run, however many ways the page reads it at once', async () => {
    const { h } = await harnessWithClock();
    const runs = await Promise.all([1, 2, 3].map(() => h.createRun('long_running')));
    for (const run of runs) {
      const reads = await Promise.all(
        ['', '?include=input', '?include=artifacts', '?include=storage'].map((query) =>
          h.request(`/api/runs/${run.id}${query}`, { role: 'viewer', headers: sessionB }),
        ),
      );
      expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    }
  });
});

describe('runs seen before a restart', () => {
  it('are read as known runs, even when the session has spent its share of lookups', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-known-'));
    try {
      const before = await startHarness({ simulator: sim, dataDir });
      const run = await before.createRun('long_running');
      expect((await before.request(`/api/runs/${run.id}`, { role: 'viewer' })).status).toBe(200);
      await before.close();

      const observations = openObservationStore({ dataDir, log: createLogger({ level: 'error', write: () => {} }), checkIntervalMs: 0 });
      try {
        const { h } = await harnessWithClock({
          dataDir,
          client: { isKnownRun: (runId) => observations.isKnownRun(runId) },
        });
        const spent = await Promise.all([1, 2, 3].map((i) => h.request(`/api/runs/${junkId(700 + i)}`, { role: 'viewer', headers: sessionB })));
        expect(spent.map((r) => r.status)).toEqual([404, 404, 404]);
        const read = await h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionB });
        expect(read.status).toBe(200);
      } finally {
        await observations.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('"not found"', () => {
  it('is remembered: looking the same id up again makes no upstream call', async () => {
    const { h } = await harnessWithClock();
    await h.resetUpstreamRequests();
    const first = await h.request(`/api/runs/${junkId(900)}`, { role: 'viewer', headers: sessionA });
    await expectApiError(first, { status: 404, code: 'run_not_found' });
    expect(await h.upstreamRequests()).toHaveLength(1);

    for (const headers of [sessionA, sessionB]) {
      const again = await h.request(`/api/runs/${junkId(900)}`, { role: 'viewer', headers });
      await expectApiError(again, { status: 404, code: 'run_not_found' });
    }
    expect(await h.upstreamRequests()).toHaveLength(1);
  });
});

describe('a hostile Retry-After', () => {
  it('pauses reads for a bounded time, serves the last copy saying why, and recovers once the upstream does', async () => {
    const { h, clock } = await harnessWithClock({
      cache: { activeTtlMs: 0, failureTtlMs: 0 },
      budget: { maxPauseMs: 30_000, probeIntervalMs: 1_000 },
    });
    const run = await h.createRun('long_running');
    const read = () => h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionB });
    expect((await read()).status).toBe(200);
    await h.resetUpstreamRequests();

    // The simulator's largest Retry-After (an hour); the client's own clamp would allow 300 s.
    await h.simControl('faults', { kind: '429', count: 1, retryAfterSeconds: 3600 });
    const limited = await read();
    expect(limited.status).toBe(200);
    expect(limited.headers.get('x-cache')).toBe('STALE');
    expect(runResponseSchema.parse(limited.json()).freshness).toMatchObject({ stale: true, staleReason: 'upstream_rate_limited' });
    expect(h.upstream.budget.pausedForMs()).toBeGreaterThan(0);
    expect(h.upstream.budget.pausedForMs()).toBeLessThanOrEqual(30_000);

    // Paused and no probe due yet: the last copy at once, and no call to the upstream.
    const held = await read();
    expect(runResponseSchema.parse(held.json()).freshness).toMatchObject({ stale: true, staleReason: 'upstream_rate_limited' });
    expect((await h.upstreamRequests()).map((r) => r.status)).toEqual([429]);

    // A second later one probe goes out; the upstream answers, so reads are fresh again at once.
    clock.now += 1_000;
    const probed = await read();
    expect(probed.headers.get('x-cache')).toBe('MISS');
    expect(runResponseSchema.parse(probed.json()).freshness.stale).toBe(false);
    expect(h.upstream.budget.pausedForMs()).toBe(0);
    const after = await read();
    expect(runResponseSchema.parse(after.json()).freshness.stale).toBe(false);
    expect((await h.upstreamRequests()).map((r) => r.status)).toEqual([429, 200, 200]);
  });

  it('ends the pause after the bound even when nothing probes', async () => {
    const { h, clock } = await harnessWithClock({ cache: { activeTtlMs: 0, failureTtlMs: 0 }, budget: { maxPauseMs: 30_000 } });
    const run = await h.createRun('long_running');
    const read = () => h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionB });
    expect((await read()).status).toBe(200);
    await h.simControl('faults', { kind: '429', count: 1, retryAfterSeconds: 3600 });
    expect(runResponseSchema.parse((await read()).json()).freshness.stale).toBe(true);
    expect(h.upstream.budget.pausedForMs()).toBeGreaterThan(0);
    clock.now += 30_000;
    expect(h.upstream.budget.pausedForMs()).toBe(0);
    const recovered = await read();
    expect(runResponseSchema.parse(recovered.json()).freshness.stale).toBe(false);
  });

  it('marks a copy served during an outage as stale because the upstream is unavailable', async () => {
    const { h } = await harnessWithClock({ cache: { activeTtlMs: 0, failureTtlMs: 0 }, client: { maxReadRetries: 0 } });
    const run = await h.createRun('long_running');
    const read = () => h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionB });
    expect((await read()).status).toBe(200);
    await h.simControl('faults', { kind: '503', count: 1 });
    const down = await read();
    expect(runResponseSchema.parse(down.json()).freshness).toMatchObject({ stale: true, staleReason: 'upstream_unavailable' });
  });
});

describe('an oversized upstream answer', () => {
  it('is refused with a clear error instead of being buffered', async () => {
    const { h } = await harnessWithClock({ client: { maxResponseBytes: 100 } });
    const run = await h.createRun('long_running');
    const response = await h.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionB });
    const error = await expectApiError(response, { status: 502, code: 'upstream_error' });
    expect(error.message).toContain('larger than the 100 bytes Runwatch accepts');
  });
});
