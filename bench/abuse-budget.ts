import { CANARY_KEY, startHarness, type Harness } from '../src/server/testing/runwatch-harness';
import { startSimulator } from '../src/simulator/start-simulator';
import { round } from './support/load';
import { table, type BenchSection } from './support/report';

/**
 * A junk-id flood under load: session A loops over made-up run ids as fast as Runwatch answers
 * (4 at a time), while session B polls a run it has open once a second and opens a few runs
 * Runwatch has never seen. The same polling without the flood is the baseline. Production budget
 * (the default share, 100 requests per 10 s, burst 20) and reuse windows.
 */
const PHASE_MS = 12_000;
const POLL_MS = 1_000;
const FLOOD_WORKERS = 4;
const FLOOD_MAX_REQUESTS = 20_000;
const NEW_RUNS_OPENED = 5;

interface PhaseFigures {
  pollLatencies: number[];
  pollStale: number;
  pollFailed: number;
  openLatencies: number[];
  openFailed: number;
  floodSent: number;
  floodByStatus: Map<number, number>;
  junkUpstreamCalls: number;
  upstreamCalls: number;
}

const sessionA = { cookie: 'runwatch_session=bench-flooding-session' };
const sessionB = { cookie: 'runwatch_session=bench-colleague-session' };

export async function benchAbuseBudget(): Promise<BenchSection> {
  const sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 1, rateLimit: false });
  // The harness's generous test budget is replaced by the production figures.
  const harness = await startHarness({ simulator: sim, budget: { limit: 100, windowMs: 10_000, burst: 20 } });
  try {
    const baseline = await phase(harness, false);
    const flooded = await phase(harness, true);
    const rows = [row('no flood', baseline), row('session A floods junk ids', flooded)];
    const staleShare = flooded.pollStale / Math.max(1, flooded.pollLatencies.length);
    return {
      title: 'Junk-id flood',
      body:
        `Session A requests made-up run ids as fast as Runwatch answers (${FLOOD_WORKERS} at a time) for ${PHASE_MS / 1000} s; ` +
        `meanwhile session B polls a run it has open once a second and opens ${NEW_RUNS_OPENED} runs Runwatch has never seen. ` +
        'Production budget (the default share, 100 upstream requests per 10 s, burst 20), production reuse windows. Latencies are of session B.\n\n' +
        table(
          [
            'phase',
            'B polls',
            'B poll p50 ms',
            'B poll p95 ms',
            'B stale',
            'B opens p50 / max ms',
            'B failed',
            'A requests',
            'A answers (404 / 503)',
            'upstream calls for junk ids',
            'all upstream calls',
          ],
          rows,
        ),
      targets: [
        {
          name: "junk-id flood: the other session's reads stay fresh",
          met: flooded.pollStale === 0 && flooded.pollFailed === 0 && flooded.openFailed === 0,
          detail: `${round(staleShare * 100, 1)} % stale, poll p95 ${round(percentile(flooded.pollLatencies, 0.95), 0)} ms (${round(percentile(baseline.pollLatencies, 0.95), 0)} ms without the flood)`,
        },
      ],
    };
  } finally {
    await harness.close();
    await sim.close();
  }
}

async function phase(harness: Harness, flood: boolean): Promise<PhaseFigures> {
  const open = await harness.createRun('long_running');
  const fresh = await Promise.all(Array.from({ length: NEW_RUNS_OPENED }, () => harness.createRun('long_running')));
  expectOk(await harness.request(`/api/runs/${open.id}`, { role: 'viewer', headers: sessionB }));
  await harness.resetUpstreamRequests();

  const figures: PhaseFigures = {
    pollLatencies: [],
    pollStale: 0,
    pollFailed: 0,
    openLatencies: [],
    openFailed: 0,
    floodSent: 0,
    floodByStatus: new Map(),
    junkUpstreamCalls: 0,
    upstreamCalls: 0,
  };
  const stopAt = performance.now() + PHASE_MS;

  const poller = async () => {
    while (performance.now() < stopAt) {
      const started = performance.now();
      const response = await harness.request(`/api/runs/${open.id}`, { role: 'viewer', headers: sessionB });
      figures.pollLatencies.push(performance.now() - started);
      if (response.status !== 200) figures.pollFailed++;
      else if ((response.json() as { freshness: { stale: boolean } }).freshness.stale) figures.pollStale++;
      await sleep(POLL_MS);
    }
  };
  const opener = async () => {
    for (const run of fresh) {
      await sleep(PHASE_MS / (NEW_RUNS_OPENED + 1));
      const started = performance.now();
      const response = await harness.request(`/api/runs/${run.id}`, { role: 'viewer', headers: sessionB });
      figures.openLatencies.push(performance.now() - started);
      if (response.status !== 200) figures.openFailed++;
    }
  };
  let next = 0;
  const flooder = async () => {
    while (performance.now() < stopAt && figures.floodSent < FLOOD_MAX_REQUESTS) {
      figures.floodSent++;
      const id = `trun_junk${flood ? 'f' : 'b'}${next++}`;
      const response = await harness.request(`/api/runs/${id}`, { role: 'viewer', headers: sessionA });
      figures.floodByStatus.set(response.status, (figures.floodByStatus.get(response.status) ?? 0) + 1);
    }
  };

  await Promise.all([poller(), opener(), ...(flood ? Array.from({ length: FLOOD_WORKERS }, flooder) : [])]);
  const upstream = await harness.upstreamRequests();
  figures.upstreamCalls = upstream.length;
  figures.junkUpstreamCalls = upstream.filter((r) => r.path.startsWith('/v2/task-runs/trun_junk')).length;
  return figures;
}

function row(name: string, f: PhaseFigures): (string | number)[] {
  return [
    name,
    f.pollLatencies.length,
    round(percentile(f.pollLatencies, 0.5), 1),
    round(percentile(f.pollLatencies, 0.95), 1),
    f.pollStale,
    `${round(percentile(f.openLatencies, 0.5), 0)} / ${round(Math.max(0, ...f.openLatencies), 0)}`,
    f.pollFailed + f.openFailed,
    f.floodSent,
    `${f.floodByStatus.get(404) ?? 0} / ${f.floodByStatus.get(503) ?? 0}`,
    f.junkUpstreamCalls,
    f.upstreamCalls,
  ];
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function expectOk(response: { status: number }): void {
  if (response.status !== 200) throw new Error(`setup read failed: HTTP ${response.status}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
