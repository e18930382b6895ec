import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CANARY_KEY } from '../src/server/testing/runwatch-harness';
import { startBenchChild, type BenchChild } from './support/bench-child';
import { mergeLoads, round, runLoad, type LoadResult } from './support/load';
import { flameGraphSvg, topOwnFiles, topSelfTime, type CpuProfile } from './support/flame-graph';
import { ensureNginx, startNginxProxy } from './support/nginx';
import { ownCpuMs, processTreeCpuMs } from './support/process-cpu';
import { sourceMappedProfile } from './support/source-mapped-profile';
import { formatFigure, formatHeadline, table, targetAtMost, upsertSection, type BenchSection, type HeadlineFigure } from './support/report';
import { figureOf, ratioFigure } from './support/rounds';
import { BENCH_ADMIN, spaJsonHeaders } from './support/runwatch-process';
import { SERVER_NODE_FLAGS } from '../scripts/server-node-flags.mjs';

/**
 * The cost of a pass-through read: the same runs are read through nginx `proxy_pass` and through
 * Runwatch, against the same simulator, side by side.
 *
 * Like with like: the load generator (this process), the simulator and the server under test each
 * run in a process of their own, as nginx does. Runwatch is wired as in production (session
 * cookie checked on every request, observation store, info-level logging) except that its reuse
 * window is 0 and reads rotate over many runs, so every read really goes upstream (no cache help).
 * The cost of a cached read is measured the same way: a second Runwatch with a 1 s reuse window
 * against nginx's own 1 s `proxy_cache`, both read by many clients over a few runs.
 * Targets are measured in interleaved rounds so drift on a noisy machine hits all of them alike.
 */
const RUNS = 200;
/** Cached reads: many viewers of a few runs, so a 1 s window is shared by many reads (as on a busy page). */
const CACHED_RUNS = 10;
/**
 * Five, not the least three: on this kind of machine one round in a few runs at two thirds of the
 * speed of the others (the whole machine, nginx and the simulator too), and with three rounds one
 * such round moved a median ratio by a tenth.
 */
const ROUNDS = 5;
/**
 * Each target's share of a round, in seconds. Counted in reads (1,000), a round shrank with the
 * machine's speed: 1.1 s on a slow stretch, 0.15-0.3 s on a fast one, where one stall of another
 * process moved a round's ratio by a third. The cap only bounds the loop.
 */
const ROUND_SECONDS = 1.5;
const MAX_PER_ROUND = 20_000;
/**
 * Reads per target before the rounds. A fresh Node process spends about its first 2,500 reads
 * optimising its code: Runwatch's CPU per read falls from over 1 ms (its compiler threads busy) to
 * near its steady cost by then, and the next thousand still cost 10-20 % more than later ones (its
 * compiler threads still at work), so a shorter warm-up measured start-up in the first round.
 */
const WARM_UP = 5_000;
const CONCURRENCY = 8;
/** One client, one request at a time: what a read costs when nothing else competes for the CPU. */
const UNLOADED = 1_000;
const INCLUDE = 'include=input,storage,artifacts';
/** The minimal Node proxy's target (support/minimal-proxy-child.ts). */
const FLOOR = 'minimal Node proxy';
/** Reads served by a profiled pass-through Runwatch after the rounds (full run only). */
const PROFILED_READS = 3_000;
/** Git-ignored: the profile and flame graph of a read. */
const OUT_DIR = path.resolve('bench/out');
const profileFiles = (kind: 'pass-through' | 'cached') => ({
  profile: path.join(OUT_DIR, `bff-read-${kind}.cpuprofile`),
  flame: path.join(OUT_DIR, `bff-read-${kind}-flame.svg`),
});

interface Target {
  name: string;
  /** The proxy process (with its children) whose CPU time is charged to this target; the simulator is listed apart. */
  proxyPid: number | null;
  request: (i: number) => Promise<Response>;
}

export async function benchBffOverhead(options: { quick?: boolean; profile?: boolean } = {}): Promise<BenchSection> {
  // `--quick` keeps the rounds and the warm-up as they are (shorter ones measured a process whose
  // code was not yet optimised, and ratios moved by half a point from run to run); it leaves out the
  // simulator on its own, the minimal Node proxy, the unloaded comparison and the profile.
  const warmUp = WARM_UP;
  const nginxBinary = ensureNginx();
  const children: BenchChild<unknown>[] = [];
  let nginx: Awaited<ReturnType<typeof startNginxProxy>> | null = null;
  const results = new Map<string, LoadResult[]>();
  const unloaded = new Map<string, LoadResult>();
  const cpu = new Map<string, { proxy: number | null; upstream: number | null; client: number }>();
  let profiled: string | null = null;
  /** Proxy CPU ms per read, per round. */
  const cpuRounds = new Map<string, number[]>();
  /** The simulator's CPU ms per read, per round. */
  const upstreamCpuRounds = new Map<string, number[]>();
  /** The load generator's (this process's) CPU ms per read, per round. */
  const clientCpuRounds = new Map<string, number[]>();
  try {
    const sim = await startBenchChild<{ origin: string; baseUrl: string }>(new URL('./support/simulator-child.ts', import.meta.url), { apiKey: CANARY_KEY });
    children.push(sim);
    const bff = await startBenchChild<{ url: string }>(
      new URL('./support/bff-child.ts', import.meta.url),
      {
        baseUrl: sim.info.baseUrl,
        apiKey: CANARY_KEY,
        admin: BENCH_ADMIN,
      },
      { bundled: true },
    );
    children.push(bff);
    const cachedBff = await startBenchChild<{ url: string }>(
      new URL('./support/bff-child.ts', import.meta.url),
      {
        baseUrl: sim.info.baseUrl,
        apiKey: CANARY_KEY,
        admin: BENCH_ADMIN,
        cache: 'microcache',
      },
      { bundled: true },
    );
    children.push(cachedBff);
    nginx = nginxBinary ? await startNginxProxy(nginxBinary, sim.info.origin, CANARY_KEY) : null;
    // Context, like the simulator alone: --quick leaves it out.
    const floor = options.quick
      ? null
      : await startBenchChild<{ origin: string }>(
          new URL('./support/minimal-proxy-child.ts', import.meta.url),
          { upstreamOrigin: sim.info.origin, apiKey: CANARY_KEY },
          { bundled: true },
        );
    if (floor) children.push(floor);

    const ids = await createCompletedRuns(sim.info.origin, RUNS);
    const cookie = await signIn(bff.info.url);
    const cachedCookie = await signIn(cachedBff.info.url);
    const runPath = (i: number) => ids[i % RUNS]!;
    const cachedRunPath = (i: number) => ids[i % CACHED_RUNS]!;
    // Plain bodies everywhere: this compares pass-through work, not compression (which Runwatch
    // does for JSON over 1 kB and nginx would do only when configured to).
    const plain = { 'accept-encoding': 'identity' };
    const upstreamHeaders = { authorization: `Bearer ${CANARY_KEY}`, ...plain };
    const targets: Target[] = [
      // The upstream alone is context for the table, not part of a ratio: --quick leaves it out.
      ...(options.quick
        ? []
        : [
            {
              name: 'simulator direct',
              proxyPid: null,
              request: (i: number) => fetch(`${sim.info.baseUrl}/task-runs/${runPath(i)}?${INCLUDE}`, { headers: upstreamHeaders }),
            },
          ]),
      ...(nginx
        ? [
            {
              name: 'nginx proxy_pass',
              proxyPid: nginx.pid,
              request: (i: number) => fetch(`${nginx!.origin}/v2/task-runs/${runPath(i)}?${INCLUDE}`, { headers: plain }),
            },
          ]
        : []),
      {
        name: 'Runwatch BFF',
        proxyPid: bff.pid,
        request: (i) => fetch(`${bff.info.url}/api/runs/${runPath(i)}?${INCLUDE}`, { headers: { cookie, ...plain } }),
      },
      ...(nginx
        ? [
            {
              name: 'nginx proxy_cache',
              proxyPid: nginx.pid,
              request: (i: number) => fetch(`${nginx!.cachedOrigin}/v2/task-runs/${cachedRunPath(i)}?${INCLUDE}`, { headers: plain }),
            },
          ]
        : []),
      {
        name: 'Runwatch BFF cached',
        proxyPid: cachedBff.pid,
        request: (i) => fetch(`${cachedBff.info.url}/api/runs/${cachedRunPath(i)}?${INCLUDE}`, { headers: { cookie: cachedCookie, ...plain } }),
      },
      // Last, so the targets that are judged keep their neighbours whether or not it runs.
      ...(floor
        ? [
            {
              name: FLOOR,
              proxyPid: floor.pid,
              request: (i: number) => fetch(`${floor.info.origin}/v2/task-runs/${runPath(i)}?${INCLUDE}`, { headers: plain }),
            },
          ]
        : []),
    ];

    for (const target of targets) {
      const probe = await target.request(0);
      if (!probe.ok) throw new Error(`${target.name} answered HTTP ${probe.status}: ${(await probe.text()).slice(0, 200)}`);
      await probe.arrayBuffer();
      await runLoad({ total: warmUp, concurrency: CONCURRENCY, request: target.request });
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) {
        const before = { proxy: target.proxyPid ? processTreeCpuMs(target.proxyPid) : null, upstream: processTreeCpuMs(sim.pid), client: ownCpuMs() };
        const result = await runLoad({ total: MAX_PER_ROUND, seconds: ROUND_SECONDS, concurrency: CONCURRENCY, request: target.request });
        const spent = cpu.get(target.name) ?? { proxy: target.proxyPid ? 0 : null, upstream: 0, client: 0 };
        const proxyAfter = target.proxyPid ? processTreeCpuMs(target.proxyPid) : null;
        if (before.proxy !== null && proxyAfter !== null)
          cpuRounds.set(target.name, [...(cpuRounds.get(target.name) ?? []), (proxyAfter - before.proxy) / result.requests]);
        spent.proxy = addDelta(spent.proxy, before.proxy, proxyAfter);
        const upstreamAfter = processTreeCpuMs(sim.pid);
        if (before.upstream !== null && upstreamAfter !== null)
          upstreamCpuRounds.set(target.name, [...(upstreamCpuRounds.get(target.name) ?? []), (upstreamAfter - before.upstream) / result.requests]);
        spent.upstream = addDelta(spent.upstream, before.upstream, upstreamAfter);
        const clientSpent = ownCpuMs() - before.client;
        clientCpuRounds.set(target.name, [...(clientCpuRounds.get(target.name) ?? []), clientSpent / result.requests]);
        spent.client += clientSpent;
        cpu.set(target.name, spent);
        results.set(target.name, [...(results.get(target.name) ?? []), result]);
      }
    }
    if (!options.quick) for (const target of targets) unloaded.set(target.name, await runLoad({ total: UNLOADED, concurrency: 1, request: target.request }));
    if (options.profile ?? !options.quick) {
      profiled =
        (await profileReads(sim.info.baseUrl, 'pass-through', (i) => `/api/runs/${runPath(i)}?${INCLUDE}`)) +
        (await profileReads(sim.info.baseUrl, 'cached', (i) => `/api/runs/${cachedRunPath(i)}?${INCLUDE}`));
    }
  } finally {
    await nginx?.stop();
    for (const child of children.reverse()) await child.stop();
  }

  const merged = new Map([...results].map(([name, runs]) => [name, mergeLoads(runs)]));
  const perRequest = (ms: number | null | undefined, r: LoadResult) => (ms === null || ms === undefined ? '–' : round(ms / r.requests, 3));
  const rows = [...merged].map(([name, r]) => [
    name,
    r.requests,
    r.errors,
    round(r.perSecond, 0),
    round(r.meanMs),
    round(r.p50Ms),
    round(r.p95Ms),
    round(r.p99Ms),
    round(r.meanBytes, 0),
    perRequest(cpu.get(name)?.proxy, r),
    perRequest(cpu.get(name)?.upstream, r),
    perRequest(cpu.get(name)?.client, r),
  ]);
  // Round by round: Runwatch's mean latency in round i over nginx's in the same round.
  const roundMeans = (name: string) => (results.get(name) ?? []).map((r) => r.meanMs);
  const passThrough = results.has('nginx proxy_pass')
    ? ({
        key: 'pass_through_ratio',
        label: 'pass-through read / nginx proxy_pass',
        unit: '×',
        digits: 2,
        atMost: 1.5,
        figure: ratioFigure(roundMeans('Runwatch BFF'), roundMeans('nginx proxy_pass')),
      } satisfies HeadlineFigure)
    : null;
  const cached = results.has('nginx proxy_cache')
    ? ({
        key: 'cached_read_ratio',
        label: 'cached read / nginx proxy_cache',
        unit: '×',
        digits: 2,
        atMost: 1.5,
        figure: ratioFigure(roundMeans('Runwatch BFF cached'), roundMeans('nginx proxy_cache')),
      } satisfies HeadlineFigure)
    : null;
  // No goal: how much of the pass-through ratio any Node proxy pays, so Runwatch's own share shows.
  const nodeFloor =
    results.has(FLOOR) && results.has('nginx proxy_pass')
      ? ({
          key: 'node_floor_ratio',
          label: "Node's floor: a minimal Node proxy / nginx proxy_pass (no goal)",
          unit: '×',
          digits: 2,
          figure: ratioFigure(roundMeans(FLOOR), roundMeans('nginx proxy_pass')),
        } satisfies HeadlineFigure)
      : null;
  const cpuPerRead = (name: string) => figureOf(cpuRounds.get(name) ?? [0]);
  // No goal: a reference for reading the history. This kind of machine is shared, and a busy
  // neighbour slows every process. The simulator (Node, like Runwatch) is busy for about half a
  // second per round, so its CPU per read shows the machine's pace, where nginx's 0.1 s per round is
  // too coarse for /proc's 10 ms ticks. Taken in nginx's rounds, where Runwatch plays no part.
  const pace = upstreamCpuRounds.has('nginx proxy_pass')
    ? ({
        key: 'simulator_cpu_ms',
        label: "machine pace: the simulator's CPU per read via nginx (no goal)",
        unit: ' ms',
        digits: 3,
        figure: figureOf(upstreamCpuRounds.get('nginx proxy_pass')!),
      } satisfies HeadlineFigure)
    : null;
  const cpuRatio = (bff: string, baseline: string) => ratioFigure(cpuRounds.get(bff) ?? [], cpuRounds.get(baseline) ?? []);
  /** Each kind of read: Runwatch's target and the nginx one it is compared with. */
  const pairs = [
    ['pass-through', 'Runwatch BFF', 'nginx proxy_pass'],
    ['cached', 'Runwatch BFF cached', 'nginx proxy_cache'],
  ] as const;
  const cpuRows = pairs
    .filter(([, bff, baseline]) => cpuRounds.has(bff) && cpuRounds.has(baseline))
    .map(([kind, bff, baseline]) => [
      kind,
      formatFigure(cpuPerRead(bff), ' ms', 3),
      formatFigure(cpuPerRead(baseline), ' ms', 3),
      formatFigure(cpuRatio(bff, baseline), '×', 2),
    ]);
  // Every process a read passes through, round by round: on cores shared by all of them, a mean
  // latency follows this sum more than the proxy's own share (a slower proxy also leaves the
  // simulator idle more often, and each of its wake-ups costs it CPU).
  const machineRounds = (name: string): number[] | null => {
    const [proxy, upstream, client] = [cpuRounds.get(name), upstreamCpuRounds.get(name), clientCpuRounds.get(name)];
    // A round whose /proc figures could not be read is missing from one list: then no sum at all.
    if (!proxy || !upstream || !client || proxy.length !== upstream.length || proxy.length !== client.length) return null;
    return proxy.map((ms, i) => ms + upstream[i]! + client[i]!);
  };
  const machineRows = pairs.flatMap(([kind, bff, baseline]) => {
    const [ours, theirs] = [machineRounds(bff), machineRounds(baseline)];
    if (!ours || !theirs) return [];
    return [[kind, formatFigure(figureOf(ours), ' ms', 3), formatFigure(figureOf(theirs), ' ms', 3), formatFigure(ratioFigure(ours, theirs), '×', 2)]];
  });
  const unloadedRows = [...unloaded].map(([name, r]) => [name, r.requests, r.errors, round(r.meanMs), round(r.p50Ms), round(r.p99Ms)]);
  const unloadedBaseline = unloaded.get('nginx proxy_pass');
  const unloadedRatio = unloadedBaseline ? unloaded.get('Runwatch BFF')!.meanMs / unloadedBaseline.meanMs : null;
  return {
    title: 'BFF overhead against nginx proxy_pass and proxy_cache',
    body:
      `Reads of \`GET …/task-runs/:id?${INCLUDE}\`: each target is read for ${ROUND_SECONDS} s in each of ${ROUNDS} interleaved rounds, after ${warmUp} warm-up reads ` +
      `(so a round lasts as long on a fast machine as on a slow one; the requests column counts them), ` +
      `${CONCURRENCY} concurrent keep-alive clients, rotating over ${RUNS} completed runs (each with screenshots and files). ` +
      `The load generator, the simulator, nginx and Runwatch (and in a full run a minimal Node proxy, for Node's floor) each run in their own process; Runwatch runs bundled as \`npm run build\` ` +
      `bundles the server for production, on plain node with the options \`npm start\` gives it (${SERVER_NODE_FLAGS.join(' ')}). Runwatch's reuse window is 0, so every ` +
      `read goes upstream and is checked against the session, parsed, normalised, recorded and rewritten; nginx passes the upstream ` +
      `JSON through unchanged, so the two answer with different (similar-sized) bodies — see the bytes column — and Runwatch ` +
      `adds its security headers, which the client then parses too. nginx writes an access log line per request (its default); Runwatch at ` +
      `its default log level writes none (its access line is a debug line) but queues every read's upstream request id for the ` +
      `support desk's lookup, written to SQLite in batches. ` +
      `Clients ask for uncompressed bodies (\`Accept-Encoding: identity\`), so compression is not part of the comparison. ` +
      `**Cached reads:** ${CACHED_RUNS} runs, each read by many clients; a second Runwatch shares each run's copy for 1 s (its response bytes made once per copy and handed to ` +
      `every reader, only the freshness written per response), against nginx answering from its own \`proxy_cache\` (a 1 s microcache ` +
      `with \`proxy_cache_lock\`): both go upstream about once per run per second and serve stored bytes in between. ` +
      `CPU columns are process CPU time per request (from /proc) of the proxy, of the simulator, and of the load generator; ` +
      `with ${CONCURRENCY} clients the machine's cores are busy, so a read's latency follows the CPU it costs every process it passes through (summed below the ratios).\n\n` +
      table(
        [
          'target',
          'requests',
          'errors',
          'req/s',
          'mean ms',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'body bytes',
          'proxy CPU ms/req',
          'simulator CPU ms/req',
          'client CPU ms/req',
        ],
        rows,
      ) +
      (passThrough === null
        ? '\n\nnginx was not available, so no ratio was measured.'
        : `\n\nMean latency ratio Runwatch / nginx, round by round: **${formatHeadline(passThrough)}** (rounds: ${passThrough.figure.rounds.map((r) => `${round(r)}×`).join(', ')}).`) +
      (nodeFloor === null
        ? ''
        : `\n\nNode's floor, mean latency ratio of a minimal Node proxy / nginx, round by round: **${formatHeadline(nodeFloor)}** ` +
          `(rounds: ${nodeFloor.figure.rounds.map((r) => `${round(r)}×`).join(', ')}; its CPU per read ${formatFigure(cpuPerRead(FLOOR), ' ms', 3)}). ` +
          `It is node:http in and undici out, set up as Runwatch's transport is, parsing the upstream JSON and writing it again, and nothing else ` +
          `(no session, no checks, no records, no headers of its own): what any Node proxy pays over nginx here. ` +
          `Runwatch's ratio above it is the cost of its own work per read.`) +
      (cached === null
        ? ''
        : `\n\nCached reads, mean latency ratio Runwatch / nginx proxy_cache, round by round: **${formatHeadline(cached)}** (rounds: ${cached.figure.rounds.map((r) => `${round(r)}×`).join(', ')}).`) +
      (cpuRows.length === 0
        ? ''
        : `\n\nProxy CPU per read, median of the rounds (min–max), and the ratio taken round by round:\n\n` +
          table(['read', 'Runwatch CPU / read', 'nginx CPU / read', 'CPU ratio'], cpuRows)) +
      (machineRows.length === 0
        ? ''
        : `\n\nThe CPU of every process per read (proxy, simulator and load generator together), median of the rounds (min–max), ` +
          `and the ratio taken round by round: the cores are shared by all of them, so the latency ratio follows this one more than the proxy's own:\n\n` +
          table(['read', 'via Runwatch', 'via nginx', 'ratio'], machineRows)) +
      (profiled ?? '') +
      (options.quick
        ? ''
        : `\n\nFor comparison, the same reads one at a time (${UNLOADED} per target, a single client, nothing competing for the CPU):\n\n` +
          table(['target', 'requests', 'errors', 'mean ms', 'p50 ms', 'p99 ms'], unloadedRows) +
          (unloadedRatio === null
            ? ''
            : `\n\nUnloaded mean latency ratio Runwatch / nginx: ${round(unloadedRatio)}× (for information; the target is judged on the loaded figure above).`)),
    figures: [passThrough, cached, nodeFloor, pace].filter((f) => f !== null),
    targets: [
      passThrough
        ? targetAtMost('pass-through read ≤ 1.5× nginx proxy_pass', passThrough)
        : { name: 'pass-through read ≤ 1.5× nginx proxy_pass', met: null, detail: 'nginx missing' },
      cached
        ? targetAtMost('cached read ≤ 1.5× nginx proxy_cache', cached)
        : { name: 'cached read ≤ 1.5× nginx proxy_cache', met: null, detail: 'nginx missing' },
    ],
  };
}

/**
 * A pass-through Runwatch sampled by V8's profiler while it serves reads (as the rounds do); the
 * profile and its flame graph are written to bench/out, and the busiest functions listed.
 */
async function profileReads(baseUrl: string, kind: 'pass-through' | 'cached', pathOf: (i: number) => string): Promise<string> {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const files = profileFiles(kind);
  const child = await startBenchChild<{ url: string }>(
    new URL('./support/bff-child.ts', import.meta.url),
    {
      baseUrl,
      apiKey: CANARY_KEY,
      admin: BENCH_ADMIN,
      profile: files.profile,
      // The sign-in, then the warm-up reads.
      profileAfter: 1 + WARM_UP,
      cache: kind === 'cached' ? 'microcache' : 'off',
    },
    { bundled: true },
  );
  try {
    const cookie = await signIn(child.info.url);
    const request = (i: number) => fetch(`${child.info.url}${pathOf(i)}`, { headers: { cookie, 'accept-encoding': 'identity' } });
    await runLoad({ total: WARM_UP, concurrency: CONCURRENCY, request });
    // One client at a time: V8's profiler samples wall time, and with the cores shared a process
    // waiting for one would count the wait against whatever it was doing (mostly a socket write).
    await runLoad({ total: PROFILED_READS, concurrency: 1, request: (i) => request(WARM_UP + i) });
  } finally {
    await child.stop();
  }
  // Written by the bundle: its frames are moved to the source files before anything reads them.
  const profile = sourceMappedProfile(JSON.parse(fs.readFileSync(files.profile, 'utf8')) as CpuProfile);
  fs.writeFileSync(files.profile, JSON.stringify(profile));
  fs.writeFileSync(files.flame, flameGraphSvg(profile, `Runwatch ${kind} read: ${PROFILED_READS} reads, one client`));
  const top = topSelfTime(profile, 10).map(({ name, share }) => [`\`${name}\``, `${(share * 100).toFixed(1)} %`]);
  const own = topOwnFiles(profile, 14).map(({ file, share }) => [`\`${file}\``, `${(share * 100).toFixed(1)} %`]);
  return (
    `\n\n**Where a ${kind} read spends its CPU** (V8 profile of ${PROFILED_READS} reads by one client after ${WARM_UP} warm-up reads: \`${path.relative(process.cwd(), files.profile)}\`, ` +
    `flame graph \`${path.relative(process.cwd(), files.flame)}\`). Runwatch's files by the share of busy samples spent in them ` +
    `or in what they call, then the functions with the most CPU of their own:\n\n` +
    table(['file', 'with callees'], own) +
    '\n\n' +
    table(['function', 'self'], top)
  );
}

function addDelta(sum: number | null, before: number | null, after: number | null): number | null {
  return sum === null || before === null || after === null ? null : sum + after - before;
}

async function simControl<T>(origin: string, pathname: string, body: unknown): Promise<T> {
  const response = await fetch(`${origin}/__sim/${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator control ${pathname}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

async function createCompletedRuns(simOrigin: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await simControl<{ id: string }>(simOrigin, 'scenarios', { scenario: 'success' })).id);
  await simControl(simOrigin, 'clock/advance', { ms: 30 * 60_000 });
  return ids;
}

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, { method: 'POST', headers: spaJsonHeaders(url), body: JSON.stringify(BENCH_ADMIN) });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`could not sign in to Runwatch: HTTP ${response.status}`);
  return cookie;
}

/**
 * This step alone, without the rest of `npm run bench`: `npx tsx bench/bff-overhead.ts [--quick]
 * [--profile] [--write]` prints the section (`--profile` adds the flame graphs to a quick run; a
 * full run always writes them); `--write` also replaces this section of bench/RESULTS.md (its
 * headline table and the history are `npm run bench`'s).
 */
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const known = ['--quick', '--profile', '--write'];
  const unknown = args.filter((arg) => !known.includes(arg));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option ${unknown.join(' ')}. Usage: tsx bench/bff-overhead.ts [--quick] [--profile] [--write]\n`);
    process.exit(2);
  }
  const started = new Date();
  const loadAverage = os.loadavg()[0] ?? 0;
  const section = await benchBffOverhead({ quick: args.includes('--quick'), profile: args.includes('--profile') || undefined });
  process.stdout.write(`## ${section.title}\n\n${section.body}\n`);
  if (args.includes('--write')) {
    const resultsFile = path.resolve('bench/RESULTS.md');
    const note =
      `_Measured ${started.toISOString().slice(0, 16)}Z by this step alone (\`npx tsx bench/bff-overhead.ts${args.includes('--quick') ? ' --quick' : ''}\`), ` +
      `load average ${loadAverage.toFixed(1)} on ${os.cpus().length} cores at the start._\n\n`;
    const existing = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
    fs.writeFileSync(resultsFile, upsertSection(existing, section.title, note + section.body));
  }
}
