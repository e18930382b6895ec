import { startHarness } from '../src/server/testing/runwatch-harness';
import { startSimulator } from '../src/simulator/start-simulator';
import { round, runLoad, type LoadResult } from './support/load';
import { ensureNginx, startNginxProxy } from './support/nginx';
import { table, type BenchSection } from './support/report';

/**
 * The cost of a pass-through read: the same run reads through nginx `proxy_pass` and through
 * Runwatch, against the same simulator, side by side. Runwatch's reuse window is set to zero and
 * reads rotate over many runs, so every Runwatch request really goes upstream (no cache help).
 */
const RUNS = 200;
const TOTAL = 3_000;
const CONCURRENCY = 8;
const API_KEY = 'sk_live_bench_overhead_key';

export async function benchBffOverhead(): Promise<BenchSection> {
  const nginxBinary = ensureNginx();
  const sim = await startSimulator({ apiKey: API_KEY, port: 0, seedDemo: false, speed: 0, rateLimit: false });
  const harness = await startHarness({
    simulator: sim,
    cache: { activeTtlMs: 0, terminalTtlMs: 0, listTtlMs: 0, failureTtlMs: 0 },
    budget: { limit: 1_000_000, burst: 100_000 },
  });
  const ids: string[] = [];
  for (let i = 0; i < RUNS; i++) ids.push((await harness.createRun('success')).id);
  await harness.advance(30 * 60_000);

  const path = (i: number) => ids[i % RUNS]!;
  const include = 'include=input,storage,artifacts';
  const results: Record<string, LoadResult> = {};
  const nginx = nginxBinary ? await startNginxProxy(nginxBinary, sim.origin, API_KEY) : null;
  try {
    const targets: [string, (i: number) => Promise<Response>][] = [
      ['simulator direct', (i) => fetch(`${sim.baseUrl}/task-runs/${path(i)}?${include}`, { headers: { authorization: `Bearer ${API_KEY}` } })],
      ...(nginx ? [['nginx proxy_pass', (i: number) => fetch(`${nginx.origin}/v2/task-runs/${path(i)}?${include}`)] as [string, (i: number) => Promise<Response>]] : []),
      ['Runwatch BFF', (i) => fetch(`${harness.url}/api/runs/${path(i)}?${include}`)],
    ];
    for (const [name, request] of targets) {
      await runLoad({ total: 300, concurrency: CONCURRENCY, request }); // warm-up
      results[name] = await runLoad({ total: TOTAL, concurrency: CONCURRENCY, request });
    }
  } finally {
    await nginx?.stop();
    await harness.close();
    await sim.close();
  }

  const rows = Object.entries(results).map(([name, r]) => [name, r.requests, r.errors, round(r.perSecond, 0), round(r.meanMs), round(r.p50Ms), round(r.p95Ms), round(r.p99Ms)]);
  const bff = results['Runwatch BFF']!;
  const baseline = results['nginx proxy_pass'];
  const ratio = baseline ? bff.meanMs / baseline.meanMs : null;
  return {
    title: 'BFF overhead against nginx proxy_pass',
    body:
      `${TOTAL} reads of \`GET …/task-runs/:id?${include}\` per target, ${CONCURRENCY} concurrent keep-alive clients, ` +
      `rotating over ${RUNS} completed runs (each with screenshots and files). Runwatch's reuse window is 0, so every ` +
      `read goes upstream and is parsed, normalised, recorded in SQLite and rewritten.\n\n` +
      table(['target', 'requests', 'errors', 'req/s', 'mean ms', 'p50 ms', 'p95 ms', 'p99 ms'], rows) +
      (ratio === null ? '\n\nnginx was not available, so no ratio was measured.' : `\n\nMean latency ratio Runwatch / nginx: **${round(ratio)}×**.`),
    targets: [{ name: 'pass-through read ≤ 1.5× nginx proxy_pass', met: ratio === null ? null : ratio <= 1.5, detail: ratio === null ? 'nginx missing' : `${round(ratio)}×` }],
  };
}
