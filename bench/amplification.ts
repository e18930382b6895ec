import { CANARY_KEY, startHarness } from '../src/server/testing/runwatch-harness';
import { startSimulator } from '../src/simulator/start-simulator';
import { table, targetAtMost, type BenchSection, type HeadlineFigure } from './support/report';
import { figureOf, interleavedRounds } from './support/rounds';

/**
 * V viewers poll the same live run through Runwatch once a second for a fixed time; the simulator
 * counts how often Runwatch asked the upstream for that run. Target: at most one upstream request
 * per run per refresh window (the reader's reuse window for active runs, 1 s by default).
 * Every viewer count is measured once per round, in interleaved rounds; the headline figure is
 * the worst count's share of the allowance in each round. `--quick` measures only the largest count.
 */
const VIEWER_COUNTS = [1, 10, 50, 100, 500];
const QUICK_VIEWER_COUNTS = [500];
const ROUNDS = 3;
const DURATION_MS = 6_000;
const QUICK_DURATION_MS = 4_000;
const POLL_MS = 1_000;
const WINDOW_MS = 1_000;

interface Measured {
  viewers: number;
  served: number;
  failed: number;
  upstream: number;
  allowed: number;
}

export async function benchAmplification(options: { quick?: boolean } = {}): Promise<BenchSection> {
  const viewerCounts = options.quick ? QUICK_VIEWER_COUNTS : VIEWER_COUNTS;
  const durationMs = options.quick ? QUICK_DURATION_MS : DURATION_MS;
  const sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 1, rateLimit: false });
  const harness = await startHarness({ simulator: sim, budget: { limit: 150, windowMs: 10_000, burst: 50 } });
  let measured: Map<string, Measured[]>;
  try {
    const measure = async (viewers: number): Promise<Measured> => {
      const run = await harness.createRun('long_running');
      await harness.resetUpstreamRequests();
      let served = 0;
      let failed = 0;
      const startedAt = Date.now();
      const stopAt = startedAt + durationMs;
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
      const readingMs = Date.now() - startedAt;
      const upstream = (await harness.upstreamRequests()).filter((r) => r.method === 'GET' && r.path === `/v2/task-runs/${run.id}`).length;
      // One read per window at most allows a read at the start plus one after each full window, over
      // the time viewers really read (a loaded machine answers the last polls after the stop time).
      const allowed = Math.floor(readingMs / WINDOW_MS) + 1;
      return { viewers, served, failed, upstream, allowed };
    };
    measured = await interleavedRounds(
      ROUNDS,
      viewerCounts.map((viewers) => ({ name: String(viewers), run: () => measure(viewers) })),
    );
  } finally {
    await harness.close();
    await sim.close();
  }
  const perCount = viewerCounts.map((viewers) => measured.get(String(viewers))!);
  const rows = perCount.map((rounds) => [
    rounds[0]!.viewers,
    rounds.map((r) => r.served).join(' / '),
    rounds.map((r) => r.failed).join(' / '),
    rounds.map((r) => r.upstream).join(' / '),
    rounds.map((r) => r.allowed).join(' / '),
  ]);
  const worstPerRound = Array.from({ length: ROUNDS }, (_, round) =>
    Math.max(...perCount.map((rounds) => (rounds[round]!.upstream / rounds[round]!.allowed) * 100)),
  );
  const worst = {
    key: 'amplification_worst_pct',
    label: 'upstream reads of a run / allowance (worst V)',
    unit: ' %',
    digits: 0,
    atMost: 100,
    figure: figureOf(worstPerRound),
  } satisfies HeadlineFigure;
  return {
    title: 'Upstream amplification',
    body:
      `V viewers each poll \`GET /api/runs/:id\` for one live run once a second for ${durationMs / 1000} s ` +
      `(start times spread over the first second). The simulator counts upstream reads of that run. ` +
      `${ROUNDS} interleaved rounds, a new run each time; a cell lists the rounds in order.\n\n` +
      table(['viewers', 'responses served', 'failed', 'upstream reads', `most allowed (1 per ${WINDOW_MS / 1000} s window)`], rows),
    figures: [worst],
    targets: [targetAtMost(`≤ 1 upstream request per run per refresh window, V = ${viewerCounts.join(', ')}`, worst)],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
