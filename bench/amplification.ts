import { CANARY_KEY, startHarness } from '../src/server/testing/runwatch-harness';
import { startSimulator } from '../src/simulator/start-simulator';
import { round } from './support/load';
import { table, type BenchSection } from './support/report';

/**
 * V viewers poll the same live run through Runwatch once a second for a fixed time; the simulator
 * counts how often Runwatch asked the upstream for that run. Target: at most one upstream request
 * per run per refresh window (the reader's reuse window for active runs, 1 s by default).
 */
const VIEWER_COUNTS = [1, 10, 50, 100, 500];
const DURATION_MS = 8_000;
const POLL_MS = 1_000;
const WINDOW_MS = 1_000;

export async function benchAmplification(): Promise<BenchSection> {
  const sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 1, rateLimit: false });
  const harness = await startHarness({ simulator: sim, budget: { limit: 150, windowMs: 10_000, burst: 50 } });
  const rows: (string | number)[][] = [];
  let worst = 0;
  try {
    for (const viewers of VIEWER_COUNTS) {
      const run = await harness.createRun('long_running');
      await harness.resetUpstreamRequests();
      let served = 0;
      let failed = 0;
      const stopAt = Date.now() + DURATION_MS;
      const viewer = async () => {
        await sleep(Math.random() * POLL_MS);
        while (Date.now() < stopAt) {
          const response = await harness.request(`/api/runs/${run.id}`);
          if (response.status === 200) served++;
          else failed++;
          await sleep(POLL_MS);
        }
      };
      await Promise.all(Array.from({ length: viewers }, viewer));
      const upstream = (await harness.upstreamRequests()).filter((r) => r.method === 'GET' && r.path === `/v2/task-runs/${run.id}`).length;
      // One read per window at most allows a read at the start plus one after each full window.
      const allowed = Math.floor(DURATION_MS / WINDOW_MS) + 1;
      worst = Math.max(worst, upstream / allowed);
      rows.push([viewers, served, failed, upstream, allowed]);
    }
  } finally {
    await harness.close();
    await sim.close();
  }
  return {
    title: 'Upstream amplification',
    body:
      `V viewers each poll \`GET /api/runs/:id\` for one live run once a second for ${DURATION_MS / 1000} s ` +
      `(start times spread over the first second). The simulator counts upstream reads of that run.\n\n` +
      table(['viewers', 'responses served', 'failed', 'upstream reads', 'most allowed (1 per 1 s window)'], rows),
    targets: [{ name: '≤ 1 upstream request per run per refresh window, V = 1…500', met: worst <= 1, detail: `worst case used ${round(worst * 100, 0)} % of the allowance` }],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
