import { randomBytes } from 'node:crypto';
import { runResponseSchema } from '../src/contract/bff';
import { runScreenshotsResponseSchema } from '../src/contract/run-screenshots';
import { isTerminal, type RunStatus } from '../src/contract/run-status';
import { SCREENSHOT_READS_PER_MINUTE } from '../src/server/runs/screenshot-feed';
import type { EventStore } from '../src/server/store/event-store';
import { CANARY_KEY, startHarness, type Harness } from '../src/server/testing/runwatch-harness';
import { simulatorControl } from '../src/server/testing/simulator-control';
import { startSimulator, type StartedSimulator } from '../src/simulator/start-simulator';
import { round } from './support/load';
import { table, type BenchSection } from './support/report';

/**
 * What the event-driven core costs upstream, and how fast a change reaches a viewer.
 *
 * 1,000 active runs in the simulator: 950 wait for review (changing only when the bench approves
 * one) and 50 work for ~20 minutes, capturing a screenshot every few seconds without any event.
 * Runwatch runs with production settings: the request budget at its default share (100 per 10 s,
 * burst 20), the catch-up reader at its default interval, the default reuse windows and the
 * default screenshot feed.
 *
 * - A viewer is one session with a run page open, polling as the SPA does: the run
 *   (`GET /api/runs/:id?include=input,storage,artifacts`) every 3 s (1 s while a person is needed),
 *   until the run is final; with the gallery on screen also the screenshot progress
 *   (`GET /api/runs/:id/screenshots?after=N`) every 3 s while the run works (running, canceling or
 *   an unrecognised status), as `use-screenshot-progress.ts` does.
 * - Cost: V viewers spread over up to 50 runs. On waiting runs a run's status changes every 2 s,
 *   every other time a viewed one; on working runs nothing changes status, only screenshots come.
 *   After a warm-up, the simulator counts every `/v2` request for a fixed window: requests per
 *   minute, split by kind.
 * - Freshness: a run someone has open is approved; a probe reads its page every 50 ms until it says
 *   `completed`. Measured with the catch-up reader alone, then with webhooks (a destination
 *   registered with `POST /v2/event-destinations`, its secret in RUNWATCH_WEBHOOK_SECRETS). A
 *   viewer's page adds its own poll interval (up to 3 s) on top.
 *
 * The simulated clock follows real time (moved every 250 ms), so event times and catch-up overlap
 * behave as against a real upstream. Everything runs on loopback in this process; every loop is
 * bounded in count and time.
 */
const WORKING_RUNS = 50;
const RUN_COUNT = 1_000 - WORKING_RUNS;
const VIEWED_RUNS = 50;
const VIEWER_COUNTS = [1, 10, 100];
const VIEWER_POLL_MS = 3_000;
const WARM_UP_MS = 6_000;
const WINDOW_MS = 30_000;
const CHANGE_EVERY_MS = 2_000;
const LATENCY_SAMPLES = 10;
const PROBE_EVERY_MS = 50;
const PROBE_GIVE_UP_MS = 20_000;
/** Long enough for a `review` run to reach `review_required`. */
const TO_REVIEW_MS = 3 * 60_000;
const BUDGET = { limit: 100, windowMs: 10_000, burst: 20 };

/** What the viewed runs do, and whether the viewers' galleries are on screen. */
interface CostScenario {
  runs: 'waiting' | 'working';
  gallery: boolean;
}

interface CostRow {
  mode: string;
  scenario: CostScenario;
  viewers: number;
  viewedRuns: number;
  perMinute: number;
  events: number;
  runReads: number;
  screenshotReads: number;
  lists: number;
  other: number;
  viewedChanges: number;
  staleResponses: number;
  failedResponses: number;
  responses: number;
}

interface Freshness {
  mode: string;
  /** Null when not measured; `reason` says why. */
  samplesMs: number[] | null;
  reason?: string;
}

export async function benchEventsUpstreamCost(): Promise<BenchSection[]> {
  const sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0, rateLimit: false });
  const pool = await createReviewRuns(sim);
  const working = await createWorkingRuns(sim);
  const clock = followRealTime(sim);
  const costRows: CostRow[] = [];
  const freshness: Freshness[] = [];
  const notes: string[] = [];
  try {
    // Catch-up reader alone.
    const plain = await startRunwatch(sim, {});
    try {
      const ready = await waitForBackfill(plain);
      if (!ready.ok) {
        notes.push(`catch-up reader: not measured: ${ready.reason}`);
        freshness.push({ mode: 'catch-up only', samplesMs: null, reason: ready.reason });
      } else {
        const waiting: CostScenario = { runs: 'waiting', gallery: true };
        const watched: CostScenario = { runs: 'working', gallery: true };
        for (const viewers of VIEWER_COUNTS) costRows.push(await measureCost(plain, pool, working, viewers, 'catch-up only', waiting));
        costRows.push(await measureCost(plain, pool, working, VIEWER_COUNTS[VIEWER_COUNTS.length - 1]!, 'catch-up only', { runs: 'working', gallery: false }));
        for (const viewers of VIEWER_COUNTS) costRows.push(await measureCost(plain, pool, working, viewers, 'catch-up only', watched));
        freshness.push({ mode: 'catch-up only', samplesMs: await measureFreshness(plain, pool) });
      }
    } finally {
      await plain.close();
    }

    // Webhooks plus the catch-up reader as the safety net.
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const hooked = await startRunwatch(sim, { RUNWATCH_WEBHOOK_SECRETS: secret });
    try {
      const registered = await registerDestination(sim, `${hooked.url}/hooks/upstream`, secret);
      const ready = registered.ok ? await waitForBackfill(hooked) : registered;
      if (!ready.ok) {
        notes.push(`webhooks: not measured: ${ready.reason}`);
        freshness.push({ mode: 'webhooks + catch-up', samplesMs: null, reason: ready.reason });
      } else {
        const samples = await measureFreshness(hooked, pool);
        const delivered = hooked.intake?.webhookCounters().received ?? 0;
        if (delivered === 0) {
          const reason = 'no webhook delivery reached Runwatch (the figures would be the catch-up reader’s)';
          notes.push(`webhooks: not measured: ${reason}`);
          freshness.push({ mode: 'webhooks + catch-up', samplesMs: null, reason });
        } else {
          freshness.push({ mode: 'webhooks + catch-up', samplesMs: samples });
          const most = VIEWER_COUNTS[VIEWER_COUNTS.length - 1]!;
          costRows.push(await measureCost(hooked, pool, working, most, 'webhooks + catch-up', { runs: 'waiting', gallery: true }));
          costRows.push(await measureCost(hooked, pool, working, most, 'webhooks + catch-up', { runs: 'working', gallery: true }));
        }
      }
    } finally {
      await hooked.close();
    }
  } finally {
    clock.stop();
    await sim.close();
  }
  return [costSection(costRows, notes), freshnessSection(freshness)];
}

// ── set-up ─────────────────────────────────────────────────────────────────────────────────────

/** Runs waiting for review, handed out one by one so no run is approved twice. */
interface RunPool {
  take(): string;
  left(): number;
}

async function createReviewRuns(sim: StartedSimulator): Promise<RunPool> {
  const ids: string[] = [];
  for (let start = 0; start < RUN_COUNT; start += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, RUN_COUNT - start) }, () => control<{ id: string }>(sim, 'scenarios', { scenario: 'review' })),
    );
    ids.push(...batch.map((run) => run.id));
  }
  await control(sim, 'clock/advance', { ms: TO_REVIEW_MS });
  let next = 0;
  return {
    take: () => {
      const id = ids[next++];
      if (id === undefined) throw new Error(`the bench used all ${RUN_COUNT} runs`);
      return id;
    },
    left: () => ids.length - next,
  };
}

/** Runs that work (and capture screenshots) for ~20 simulated minutes, longer than the bench takes. */
async function createWorkingRuns(sim: StartedSimulator): Promise<string[]> {
  const runs = await Promise.all(Array.from({ length: WORKING_RUNS }, () => control<{ id: string }>(sim, 'scenarios', { scenario: 'long_running' })));
  // Past the sign-in steps, into the pages where screenshots come.
  await control(sim, 'clock/advance', { ms: 60_000 });
  return runs.map((run) => run.id);
}

/** Moves the simulated clock along with real time (the simulator runs frozen otherwise). */
function followRealTime(sim: StartedSimulator): { stop(): void } {
  let last = performance.now();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    const now = performance.now();
    const ms = Math.round(now - last);
    last = now;
    control(sim, 'clock/advance', { ms })
      .catch(() => {})
      .finally(() => (busy = false));
  }, 250);
  return { stop: () => clearInterval(timer) };
}

/** Runwatch as main.ts wires it: the production budget, and runs the run index holds read as known runs. */
async function startRunwatch(sim: StartedSimulator, env: Record<string, string>): Promise<Harness> {
  let index: EventStore | null = null;
  const h = await startHarness({
    simulator: sim,
    budget: BUDGET,
    env: { RUNWATCH_EVENTS: 'on', ...env },
    client: { isIndexedRun: async (runId) => (index ? (await index.getRun(runId)) !== null : false) },
  });
  index = h.events;
  return h;
}

type Ready = { ok: true } | { ok: false; reason: string };

/** The first start fills the run index from the event log; the bench measures after that. */
async function waitForBackfill(h: Harness): Promise<Ready> {
  if (!h.catchUp) return { ok: false, reason: 'the harness started no catch-up reader' };
  const giveUpAt = Date.now() + 120_000;
  while (Date.now() < giveUpAt) {
    const status = h.catchUp.status();
    if (status.backfill.state === 'done' && status.lastPassAt !== null) return { ok: true };
    await sleep(250);
  }
  const status = h.catchUp.status();
  return { ok: false, reason: `the back-fill did not finish within 120 s (state ${status.backfill.state}, last error: ${status.lastError ?? 'none'})` };
}

async function registerDestination(sim: StartedSimulator, url: string, secret: string): Promise<Ready> {
  const response = await fetch(`${sim.baseUrl}/event-destinations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CANARY_KEY}`, 'content-type': 'application/json', 'idempotency-key': `bench-${randomBytes(8).toString('hex')}` },
    body: JSON.stringify({ name: 'runwatch bench', type: 'webhook', webhook: { url, secret }, events: ['task_run.*'] }),
  }).catch((error: unknown) => error as Error);
  if (response instanceof Error) return { ok: false, reason: `POST /v2/event-destinations failed: ${response.message}` };
  await response.arrayBuffer();
  if (!response.ok) return { ok: false, reason: `the simulator answered POST /v2/event-destinations with HTTP ${response.status}` };
  return { ok: true };
}

// ── measuring ──────────────────────────────────────────────────────────────────────────────────

async function measureCost(h: Harness, pool: RunPool, working: string[], viewers: number, mode: string, scenario: CostScenario): Promise<CostRow> {
  const runCount = Math.min(VIEWED_RUNS, viewers);
  const viewed = scenario.runs === 'working' ? working.slice(0, runCount) : Array.from({ length: runCount }, () => pool.take());
  const viewedSet = new Set(viewed);
  let responses = 0;
  let staleResponses = 0;
  let failedResponses = 0;
  let stopViewers = false;
  const label = `${mode}-${scenario.runs}-${scenario.gallery ? 'gallery' : 'no-gallery'}-${viewers}`.replace(/\W+/g, '-');
  const viewer = async (n: number) => {
    const runId = viewed[n % viewed.length]!;
    const headers = { cookie: `runwatch_session=bench-viewer-${label}-${n}` };
    let status: RunStatus | null = null;
    let shots = 0;
    await sleep(Math.random() * VIEWER_POLL_MS);
    // Bounded: the window plus warm-up at one read per poll interval, with room to spare.
    for (let i = 0; i < 100 && !stopViewers; i++) {
      const response = await h.request(`/api/runs/${runId}?include=input,storage,artifacts`, { role: 'viewer', headers }).catch(() => null);
      responses++;
      if (response?.status !== 200) failedResponses++;
      else {
        const body = runResponseSchema.parse(response.json());
        if (body.freshness.stale) staleResponses++;
        status = body.run.status;
        shots = Math.max(shots, body.run.screenshots?.length ?? 0);
      }
      // The page stops polling a final run.
      if (status !== null && isTerminal(status)) return;
      if (scenario.gallery && (status === null || status === 'running' || status === 'canceling')) {
        const progress = await h.request(`/api/runs/${runId}/screenshots?after=${shots}`, { role: 'viewer', headers }).catch(() => null);
        if (progress?.status === 200) shots = Math.max(shots, runScreenshotsResponseSchema.parse(progress.json()).total);
      }
      await sleep(status === 'interaction_required' ? 1_000 : VIEWER_POLL_MS);
    }
  };
  const viewing = Promise.all(Array.from({ length: viewers }, (_, n) => viewer(n)));
  await sleep(WARM_UP_MS);
  await h.resetUpstreamRequests();
  responses = 0;
  staleResponses = 0;
  failedResponses = 0;

  // A status change every CHANGE_EVERY_MS; on waiting runs every other time one of a viewed run.
  let viewedChanges = 0;
  const approvable = scenario.runs === 'waiting' ? [...viewed] : [];
  const started = performance.now();
  for (let tick = 0; performance.now() - started < WINDOW_MS && tick < WINDOW_MS / CHANGE_EVERY_MS; tick++) {
    const runId = tick % 2 === 0 && approvable.length > 0 ? approvable.shift()! : pool.take();
    await control(h.sim, `task-runs/${runId}/review`, { decision: 'approve' });
    if (viewedSet.has(runId)) viewedChanges++;
    await sleep(Math.max(0, started + (tick + 1) * CHANGE_EVERY_MS - performance.now()));
  }
  const elapsedMs = performance.now() - started;
  const requests = (await h.upstreamRequests()).filter((r) => r.path.startsWith('/v2/'));
  stopViewers = true;
  await viewing;

  const perMinute = (count: number) => round((count * 60_000) / elapsedMs, 0);
  const events = requests.filter((r) => r.path === '/v2/events').length;
  const runReads = requests.filter((r) => /^\/v2\/task-runs\/[^/]+$/.test(r.path)).length;
  const screenshotReads = requests.filter((r) => /^\/v2\/task-runs\/[^/]+\/screenshots$/.test(r.path)).length;
  const lists = requests.filter((r) => r.path === '/v2/task-runs').length;
  return {
    mode,
    scenario,
    viewers,
    viewedRuns: viewed.length,
    perMinute: perMinute(requests.length),
    events: perMinute(events),
    runReads: perMinute(runReads),
    screenshotReads: perMinute(screenshotReads),
    lists: perMinute(lists),
    other: perMinute(requests.length - events - runReads - screenshotReads - lists),
    viewedChanges: perMinute(viewedChanges),
    staleResponses,
    failedResponses,
    responses,
  };
}

/** Time from approving an open run upstream to the first page read that says `completed`. */
async function measureFreshness(h: Harness, pool: RunPool): Promise<number[]> {
  const samples: number[] = [];
  const headers = { cookie: 'runwatch_session=bench-freshness-probe' };
  const statusOf = async (runId: string) => {
    const response = await h.request(`/api/runs/${runId}`, { role: 'viewer', headers });
    return response.status === 200 ? runResponseSchema.parse(response.json()).run.status : null;
  };
  for (let i = 0; i < LATENCY_SAMPLES && pool.left() > 0; i++) {
    const runId = pool.take();
    // The page is open (a copy is cached) before the change, as for a viewer.
    await statusOf(runId);
    await sleep(500 + Math.random() * 1_000);
    const changedAt = performance.now();
    await control(h.sim, `task-runs/${runId}/review`, { decision: 'approve' });
    const giveUpAt = changedAt + PROBE_GIVE_UP_MS;
    let seenAt: number | null = null;
    while (performance.now() < giveUpAt) {
      if ((await statusOf(runId)) === 'completed') {
        seenAt = performance.now();
        break;
      }
      await sleep(PROBE_EVERY_MS);
    }
    samples.push(seenAt === null ? Number.POSITIVE_INFINITY : seenAt - changedAt);
  }
  return samples;
}

// ── report ─────────────────────────────────────────────────────────────────────────────────────

function costSection(rows: CostRow[], notes: string[]): BenchSection {
  const excess = (row: CostRow) => row.perMinute - row.viewedChanges;
  const plain = rows.filter((r) => r.mode === 'catch-up only');
  const statusRows = plain.filter((r) => r.scenario.runs === 'waiting');
  const fewest = statusRows.find((r) => r.viewers === VIEWER_COUNTS[0]);
  const most = statusRows.find((r) => r.viewers === VIEWER_COUNTS[VIEWER_COUNTS.length - 1]);
  // "Does not grow with viewers": beyond one read per viewed change, 100 viewers cost about what 1 does.
  const met = fewest && most ? excess(most) <= excess(fewest) * 1.5 + 10 : null;
  const unwatched = plain.find((r) => r.scenario.runs === 'working' && !r.scenario.gallery);
  const galleries = rows.filter((r) => r.scenario.runs === 'working' && r.scenario.gallery);
  const mostScreenshotReads = galleries.length ? Math.max(...galleries.map((r) => r.screenshotReads)) : null;
  // Some slack: a window is counted from when its read ends, and viewers come and go at its edges.
  const screenshotCap = SCREENSHOT_READS_PER_MINUTE * 1.15;
  const scenarioText = (r: CostRow) => (r.scenario.runs === 'waiting' ? 'waiting, changing' : 'working, capturing');
  return {
    title: 'Upstream cost of 1,000 active runs (events)',
    body:
      `${(RUN_COUNT + WORKING_RUNS).toLocaleString('en-US')} runs active upstream: ${RUN_COUNT} waiting for review, ${WORKING_RUNS} working (a screenshot every few seconds, no status change). ` +
      `V viewers (one session each) have a run page open, spread over up to ${VIEWED_RUNS} runs; a viewer polls the run every ${VIEWER_POLL_MS / 1000} s as the page does ` +
      `(\`GET /api/runs/:id?include=input,storage,artifacts\`, until the run is final) and, with the gallery on screen, the screenshot progress ` +
      `(\`GET /api/runs/:id/screenshots?after=N\`) every ${VIEWER_POLL_MS / 1000} s while the run works. A run changes status every ${CHANGE_EVERY_MS / 1000} s ` +
      `(on waiting viewed runs every other change one of them; working viewed runs do not change). ` +
      `Upstream \`/v2\` requests counted by the simulator over ${WINDOW_MS / 1000} s after a ${WARM_UP_MS / 1000} s warm-up, per minute. ` +
      `Budget: ${BUDGET.limit} per ${BUDGET.windowMs / 1000} s; catch-up every 2 s alone, every 15 s with webhooks; screenshot reads at most ${SCREENSHOT_READS_PER_MINUTE} a minute over all watched runs.\n\n` +
      table(
        [
          'mode',
          'viewed runs',
          'gallery',
          'viewers',
          'runs viewed',
          'upstream req/min',
          'event log',
          'run reads',
          'screenshot reads',
          'run lists',
          'other',
          'viewed-run changes/min',
          'page reads (stale / failed)',
        ],
        rows.map((r) => [
          r.mode,
          scenarioText(r),
          r.scenario.gallery ? 'on screen' : 'not shown',
          r.viewers,
          r.viewedRuns,
          r.perMinute,
          r.events,
          r.runReads,
          r.screenshotReads,
          r.lists,
          r.other,
          r.viewedChanges,
          `${r.responses} (${r.staleResponses} / ${r.failedResponses})`,
        ]),
      ) +
      (notes.length ? `\n\n${notes.map((n) => `- ${n}`).join('\n')}` : ''),
    targets: [
      {
        name: 'upstream req/min for 1,000 active runs does not grow with viewers (1 → 100 over 50 runs)',
        met,
        detail:
          fewest && most
            ? `beyond one read per viewed change: ${round(excess(fewest), 0)}/min with 1 viewer, ${round(excess(most), 0)}/min with 100`
            : notes.join('; ') || 'not measured',
      },
      {
        name: 'working runs whose gallery nobody watches cost no run or screenshot reads',
        met: unwatched ? unwatched.runReads + unwatched.screenshotReads <= 2 : null,
        detail: unwatched
          ? `${unwatched.runReads} run reads and ${unwatched.screenshotReads} screenshot reads a minute with ${unwatched.viewers} viewers over ${unwatched.viewedRuns} working runs`
          : 'not measured',
      },
      {
        name: `screenshot reads stay within ${SCREENSHOT_READS_PER_MINUTE}/min however many galleries are open`,
        met: mostScreenshotReads === null ? null : mostScreenshotReads <= screenshotCap,
        detail:
          mostScreenshotReads === null
            ? 'not measured'
            : galleries.map((r) => `${r.screenshotReads}/min with ${r.viewers} viewer${r.viewers === 1 ? '' : 's'} (${r.mode})`).join(', '),
      },
    ],
  };
}

function freshnessSection(results: Freshness[]): BenchSection {
  const rows = results.map((r) => {
    if (!r.samplesMs) return [r.mode, '—', '—', '—', `not measured: ${r.reason ?? 'unknown'}`];
    const sorted = [...r.samplesMs].sort((a, b) => a - b);
    const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
    const missed = sorted.filter((v) => !Number.isFinite(v)).length;
    return [r.mode, sorted.length, ms(pick(0.5)), ms(pick(0.95)), missed ? `${missed} not seen within ${PROBE_GIVE_UP_MS / 1000} s` : ''];
  });
  const p95 = (mode: string) => {
    const samples = results.find((r) => r.mode === mode)?.samplesMs;
    if (!samples) return null;
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? null;
  };
  const withHooks = p95('webhooks + catch-up');
  const without = p95('catch-up only');
  return {
    title: 'Upstream status change to a viewer’s response (events)',
    body:
      `A run whose page is open is approved upstream; a probe reads the page every ${PROBE_EVERY_MS} ms until it says \`completed\`. ` +
      `${LATENCY_SAMPLES} changes per mode. A viewer's page adds its own poll interval (3 s for an active run) on top.\n\n` +
      table(['mode', 'changes', 'p50', 'p95', 'note'], rows),
    targets: [
      {
        name: 'status change reaches a viewer within ~1 s with webhooks (p95)',
        met: withHooks === null ? null : withHooks <= 1_000,
        detail: withHooks === null ? (results.find((r) => r.mode === 'webhooks + catch-up')?.reason ?? 'not measured') : `p95 ${ms(withHooks)}`,
      },
      {
        name: 'status change reaches a viewer within the catch-up interval without webhooks (p95 ≤ 2 s + 1 s)',
        met: without === null ? null : without <= 3_000,
        detail: without === null ? (results.find((r) => r.mode === 'catch-up only')?.reason ?? 'not measured') : `p95 ${ms(without)}`,
      },
    ],
  };
}

function ms(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value)} ms` : 'not seen';
}

function control<T = unknown>(sim: StartedSimulator, pathname: string, body: unknown): Promise<T> {
  return simulatorControl<T>(sim.origin, pathname, body);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
