import pg from 'pg';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '../src/contract/bff';
import { PostgresTokenSource } from '../src/server/cluster/postgres-token-source';
import { startLocalCluster, type LocalCluster, type ReplicaProcess } from '../src/server/testing/cluster-harness';
import { runLoad, round } from './support/load';
import { table, type BenchSection } from './support/report';

/**
 * Three replicas on one PostgreSQL behind nginx (the set-up of `npm run cluster`): run-read
 * throughput through one replica against all three through the balancer, upstream reads of one live
 * run while 100 viewers spread over the replicas poll it, and how long the event reader is without a
 * leader after the leader is killed (kill -9). All processes share this machine's cores, so the
 * throughput ratio shows the cost of coordination more than the gain of more machines.
 */
const RUNS = 20;
const LOAD_TOTAL = 1_500;
const CONCURRENCY = 32;
const VIEWERS = 100;
const WATCH_SECONDS = 10;
const POLL_MS = 1_000;
const WINDOW_MS = 1_000;
const TAKES = 200;

export async function benchCluster(): Promise<BenchSection> {
  const cluster = await startLocalCluster({ replicas: 3, seedDemo: false });
  const pool = new pg.Pool({ connectionString: cluster.databaseUrl, max: 2 });
  try {
    const cookie = await signIn(cluster);
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) runIds.push(await startScenario(cluster, 'long_running'));

    const read = (baseUrl: string) => (i: number) => fetch(`${baseUrl}/api/runs/${runIds[i % RUNS]}`, { headers: { cookie } });
    const one = await runLoad({ total: LOAD_TOTAL, concurrency: CONCURRENCY, request: read(cluster.replicas[0]!.url) });
    const three = await runLoad({ total: LOAD_TOTAL, concurrency: CONCURRENCY, request: read(cluster.balancerUrl!) });

    // 100 viewers, round robin over the replicas, each polling one live run once a second.
    const watched = await startScenario(cluster, 'long_running');
    await fetch(`${cluster.simulator.origin}/__sim/stats/reset`, { method: 'POST' });
    const until = Date.now() + WATCH_SECONDS * 1000;
    let polls = 0;
    await Promise.all(
      Array.from({ length: VIEWERS }, async (_, viewer) => {
        const replica = cluster.replicas[viewer % cluster.replicas.length]!;
        await new Promise((resolve) => setTimeout(resolve, (viewer * POLL_MS) / VIEWERS));
        while (Date.now() < until) {
          await fetch(`${replica.url}/api/runs/${watched}`, { headers: { cookie } }).then((response) => response.arrayBuffer());
          polls += 1;
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
      }),
    );
    const stats = (await (await fetch(`${cluster.simulator.origin}/__sim/stats`)).json()) as { requests: Array<{ method: string; path: string }> };
    const upstreamReads = stats.requests.filter((request) => request.method === 'GET' && request.path === `/v2/task-runs/${watched}`).length;
    const readsPerWindow = upstreamReads / ((WATCH_SECONDS * 1000) / WINDOW_MS);

    // The shared budget's own cost: one take of a batch from the PostgreSQL bucket (a row of its own here).
    const source = new PostgresTokenSource({ pool, limit: 1_000_000, windowMs: 10_000, name: 'bench' });
    const takeStarted = performance.now();
    for (let i = 0; i < TAKES; i++) await source.take(2, 0);
    const takeMs = (performance.now() - takeStarted) / TAKES;

    const failoverMs = await measureFailover(cluster, pool);

    const ratio = three.perSecond / one.perSecond;
    return {
      title: 'Cluster: three replicas on PostgreSQL',
      body: [
        `Three replicas of the real server (\`src/server/main.ts\`) on one throwaway PostgreSQL, nginx round robin in front, the simulator as the upstream, all on this machine (${RUNS} live runs read in a loop, ${CONCURRENCY} at a time, ${LOAD_TOTAL} reads per side; then ${VIEWERS} viewers spread over the replicas poll one live run every ${POLL_MS / 1000} s for ${WATCH_SECONDS} s; then the leader is killed with SIGKILL).`,
        '',
        table(
          ['figure', 'value'],
          [
            ['run reads per s, one replica directly', round(one.perSecond, 0)],
            ['run reads per s, three replicas through nginx', round(three.perSecond, 0)],
            ['three / one', round(ratio, 2)],
            ['p95 ms, one replica / three through nginx', `${round(one.p95Ms, 1)} / ${round(three.p95Ms, 1)}`],
            ['errors, one / three', `${one.errors} / ${three.errors}`],
            [`upstream reads of the watched run (${polls} polls)`, upstreamReads],
            [`upstream reads per ${WINDOW_MS / 1000} s window`, round(readsPerWindow, 2)],
            ['shared budget: one take of a batch from PostgreSQL (mean of 200, one after another)', `${round(takeMs, 2)} ms`],
            ['failover: leader killed → another replica leads', failoverMs === null ? 'not within 30 s' : `${round(failoverMs, 0)} ms`],
          ],
        ),
      ].join('\n'),
      targets: [
        { name: 'cluster: ≤ 1 upstream read per run per window over 3 replicas', met: readsPerWindow <= 1, detail: `${round(readsPerWindow, 2)} per window` },
        {
          name: 'cluster: event reader fails over within seconds',
          met: failoverMs !== null && failoverMs <= 5_000,
          detail: failoverMs === null ? 'no new leader in 30 s' : `${round(failoverMs, 0)} ms`,
        },
      ],
    };
  } finally {
    await pool.end();
    await cluster.stop();
  }
}

async function signIn(cluster: LocalCluster): Promise<string> {
  const baseUrl = cluster.balancerUrl!;
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: baseUrl },
    body: JSON.stringify({ name: cluster.admin.name, password: cluster.admin.password }),
  });
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`sign-in through the balancer failed: HTTP ${response.status}`);
  return cookie;
}

async function startScenario(cluster: LocalCluster, scenario: string): Promise<string> {
  const response = await fetch(`${cluster.simulator.origin}/__sim/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario }),
  });
  if (response.status !== 201) throw new Error(`scenario ${scenario}: HTTP ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

async function currentLeader(cluster: LocalCluster, pool: pg.Pool): Promise<ReplicaProcess | null> {
  const row = await pool.query<{ replica: string; fresh: boolean }>(
    `SELECT replica, updated_at > clock_timestamp() - interval '2 seconds' AS fresh FROM cluster_leader_status`,
  );
  const leader = row.rows[0];
  if (!leader?.fresh) return null;
  return cluster.replicas.find((replica) => leader.replica.includes(`-${replica.pid}-`)) ?? null;
}

/** Ms from the leader's kill until another replica publishes as leader; null if none does in 30 s. */
async function measureFailover(cluster: LocalCluster, pool: pg.Pool): Promise<number | null> {
  let leader: ReplicaProcess | null = null;
  for (let i = 0; i < 100 && !leader; i++) {
    leader = await currentLeader(cluster, pool);
    if (!leader) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!leader) return null;
  const killedAt = performance.now();
  leader.kill('SIGKILL');
  while (performance.now() - killedAt < 30_000) {
    const now = await pool.query<{ replica: string }>(`SELECT replica FROM cluster_leader_status WHERE updated_at > clock_timestamp() - interval '1 second'`);
    const replica = now.rows[0]?.replica;
    if (replica && !replica.includes(`-${leader.pid}-`)) return performance.now() - killedAt;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}
