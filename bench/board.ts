import zlib from 'node:zlib';
import { chromium } from '@playwright/test';
import { boardResponseSchema, type BoardResponse } from '../src/contract/board';
import { chromiumLaunchOptions } from '../e2e/support/browser-launch';
import { startSimulator, type StartedSimulator } from '../src/simulator/start-simulator';
import { round } from './support/load';
import { table, type BenchSection } from './support/report';
import { BENCH_ADMIN, spaJsonHeaders, startRunwatchProcess } from './support/runwatch-process';

/**
 * The operator's board with 500 active runs (100 waiting for a code, 250 working, 150 queued):
 * JSON per poll, upstream requests while 20 viewers poll it, and main-thread long tasks of the
 * board page in Chromium over several polls. The real server (`src/server/main.ts`, events on)
 * against the simulator, its clock frozen so the runs hold still.
 */
const API_KEY = 'sk_live_bench_board_key';
const MIX = [
  ['mfa', 100],
  ['long_running', 250],
  ['slow_queue', 150],
] as const;
const ACTIVE = MIX.reduce((sum, [, n]) => sum + n, 0);
const VIEWERS = 20;
const POLLS_PER_VIEWER = 5;
const WATCH_MS = 12_000;

export async function benchBoard(): Promise<BenchSection> {
  const sim = await startSimulator({ apiKey: API_KEY, port: 0, seedDemo: false, speed: 0, rateLimit: false });
  for (const [scenario, count] of MIX) for (let i = 0; i < count; i++) await createRun(sim, scenario);
  // The prompts are up after 15 s of login; slow_queue runs stay queued for 3 min.
  await control(sim, 'clock/advance', { ms: 20_000 });
  const runwatch = await startRunwatchProcess({ baseUrl: sim.baseUrl, apiKey: API_KEY });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext();
    const signIn = await context.request.post(`${runwatch.url}/api/session`, { headers: spaJsonHeaders(runwatch.url), data: BENCH_ADMIN });
    if (!signIn.ok()) throw new Error(`sign-in failed: HTTP ${signIn.status()} ${await signIn.text()}`);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const latencies: number[] = [];
    const poll = async (): Promise<{ body: BoardResponse; bytes: number }> => {
      const started = performance.now();
      const response = await fetch(`${runwatch.url}/api/board`, { headers: { cookie, 'accept-encoding': 'identity' } });
      const text = await response.text();
      if (!response.ok) throw new Error(`board: HTTP ${response.status} ${text.slice(0, 200)}`);
      latencies.push(performance.now() - started);
      return { body: boardResponseSchema.parse(JSON.parse(text)), bytes: Buffer.byteLength(text) };
    };

    // Wait until the index holds every run and every prompt has been read.
    const deadline = Date.now() + 120_000;
    let last = await poll();
    while (!boardComplete(last.body)) {
      if (Date.now() > deadline) throw new Error(`board incomplete after 120 s: ${summary(last.body)}`);
      await new Promise((r) => setTimeout(r, 1_000));
      last = await poll();
    }
    const gzipBytes = zlib.gzipSync(JSON.stringify(last.body)).length;

    await control(sim, 'stats/reset', {});
    latencies.length = 0;
    const polled: number[] = [];
    for (let round = 0; round < POLLS_PER_VIEWER; round++) {
      const answers = await Promise.all(Array.from({ length: VIEWERS }, () => poll()));
      polled.push(...answers.map((a) => a.bytes));
      await new Promise((r) => setTimeout(r, 1_100));
    }
    const requests = ((await (await fetch(`${sim.origin}/__sim/stats`)).json()) as { requests: { method: string; path: string }[] }).requests;
    latencies.sort((a, b) => a - b);
    const medianLatency = latencies[Math.floor(latencies.length / 2)] ?? 0;
    const runReads = requests.filter((r) => r.method === 'GET' && /\/task-runs\/trun_/.test(r.path)).length;
    const otherUpstream = requests.length - runReads;

    await context.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${runwatch.url}/board`);
    await page.getByTestId('board-group-needs-you').getByTestId('board-card').first().waitFor({ timeout: 30_000 });
    const firstPaint = Date.now() - t0;
    // Several polls (every 3 s) with hundreds of cards and one ticking clock.
    await page.waitForTimeout(WATCH_MS);
    const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const longest = Math.max(0, ...tasks);
    const cards = await page.getByTestId('board-card').count();

    const perPoll = Math.max(...polled);
    return {
      title: 'Board with 500 active runs',
      body:
        `${ACTIVE} active runs (${MIX.map(([s, n]) => `${n} ${s}`).join(', ')}) on the simulator; Runwatch as production runs it, ` +
        `events on. ${VIEWERS} viewers poll \`GET /api/board\` ${POLLS_PER_VIEWER} times each, a little over a second apart, after the ` +
        `index holds every run and every prompt was read once. The page: Chromium, PerformanceObserver('longtask') from navigation ` +
        `through ${WATCH_MS / 1000} s of polls.\n\n` +
        table(
          ['measure', 'value'],
          [
            ['JSON per poll, uncompressed', `${round(perPoll / 1024, 1)} kB`],
            ['JSON per poll, gzip', `${round(gzipBytes / 1024, 1)} kB`],
            [`poll latency, median of ${latencies.length} (${VIEWERS} at once)`, `${round(medianLatency, 0)} ms`],
            [`upstream run reads during ${VIEWERS * POLLS_PER_VIEWER} polls`, runReads],
            ['other upstream requests in that time (event catch-up)', otherUpstream],
            ['cards on the page', cards],
            ['navigation to first card', `${firstPaint} ms`],
            ['longest main-thread task', `${round(longest, 0)} ms (${tasks.length} tasks over 50 ms)`],
          ],
        ),
      targets: [
        { name: 'board: no upstream request per viewer', met: runReads === 0, detail: `${runReads} run reads in ${VIEWERS * POLLS_PER_VIEWER} polls` },
        { name: 'board, 500 active runs: no main-thread task over 200 ms', met: longest <= 200, detail: `${round(longest, 0)} ms` },
      ],
    };
  } finally {
    await browser.close();
    await runwatch.stop();
    await sim.close();
  }
}

function boardComplete(body: BoardResponse): boolean {
  const total = body.needsYou.total + body.running.total + body.queued.total + body.review.total;
  return total >= ACTIVE && body.needsYou.total >= 100 && body.needsYou.cards.every((card) => card.interaction);
}

function summary(body: BoardResponse): string {
  const prompts = body.needsYou.cards.filter((card) => card.interaction).length;
  return `needs you ${body.needsYou.total} (${prompts} prompts read), running ${body.running.total}, queued ${body.queued.total}`;
}

async function createRun(sim: StartedSimulator, scenario: string): Promise<void> {
  await control(sim, 'scenarios', { scenario });
}

async function control(sim: StartedSimulator, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${sim.origin}/__sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`simulator ${path}: HTTP ${response.status}`);
}
