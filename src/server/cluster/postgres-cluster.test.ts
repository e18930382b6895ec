import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@/contract/bff';
import { startLocalCluster, type LocalCluster, type ReplicaProcess } from '../testing/cluster-harness';

/**
 * Runwatch as three replicas of the real server on one PostgreSQL database, with nginx round robin
 * in front and the simulator as the upstream: what one replica does, all see.
 */

function adminUrl(): string {
  const url = inject('postgresAdminUrl');
  if (!url) throw new Error(inject('postgresUnavailable'));
  return url;
}

async function signInAt(baseUrl: string, name: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: baseUrl },
    body: JSON.stringify({ name, password }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

async function startScenario(cluster: LocalCluster, scenario: string): Promise<string> {
  const response = await fetch(`${cluster.simulator.origin}/__sim/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function upstreamRequests(cluster: LocalCluster): Promise<Array<{ method: string; path: string; status: number }>> {
  const response = await fetch(`${cluster.simulator.origin}/__sim/stats`);
  return ((await response.json()) as { requests: Array<{ method: string; path: string; status: number }> }).requests;
}

/** Every task-run event id the upstream's log holds now. */
async function upstreamEventIds(cluster: LocalCluster): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    const query = new URLSearchParams({ limit: '100' });
    query.append('type', 'task_run.*');
    if (cursor) query.set('cursor', cursor);
    const response = await fetch(`${cluster.simulator.baseUrl}/events?${query.toString()}`, { headers: { authorization: `Bearer ${cluster.apiKey}` } });
    const page = (await response.json()) as { data: Array<{ id: string }>; has_more?: boolean | null; next_cursor?: string | null };
    ids.push(...page.data.map((event) => event.id));
    if (!(page.has_more ?? page.next_cursor != null) || !page.next_cursor) return ids;
    cursor = page.next_cursor;
  }
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The replica holding the leader lock now, by the pid in its name (null while none leads). */
async function leaderOf(cluster: LocalCluster, pool: pg.Pool): Promise<ReplicaProcess | null> {
  const row = await pool.query<{ replica: string; fresh: boolean }>(
    `SELECT replica, updated_at > clock_timestamp() - interval '3 seconds' AS fresh FROM cluster_leader_status`,
  );
  const leader = row.rows[0];
  if (!leader?.fresh) return null;
  return cluster.replicas.find((replica) => leader.replica.includes(`-${replica.pid}-`)) ?? null;
}

describe('three replicas behind nginx', () => {
  let cluster: LocalCluster;
  let pool: pg.Pool;
  let cookie: string;

  beforeAll(async () => {
    cluster = await startLocalCluster({ replicas: 3, postgresAdminUrl: adminUrl(), seedDemo: false });
    pool = new pg.Pool({ connectionString: cluster.databaseUrl, max: 2 });
    cookie = await signInAt(cluster.balancerUrl!, cluster.admin.name, cluster.admin.password);
  }, 180_000);

  afterAll(async () => {
    await pool?.end();
    await cluster?.stop();
  }, 60_000);

  it('a session made through the balancer is honoured by every replica', async () => {
    for (const replica of cluster.replicas) {
      const response = await fetch(`${replica.url}/api/session`, { headers: { cookie } });
      expect(response.status, replica.name).toBe(200);
      expect(await response.json()).toEqual({ user: { name: cluster.admin.name, role: 'admin' } });
    }
    const signedOut = await fetch(`${cluster.replicas[0]!.url}/api/session`);
    expect(signedOut.status).toBe(401);
  });

  it("every replica reports the leader's event reader, though only the leader runs one", async () => {
    const statuses = await eventually(
      () =>
        Promise.all(
          cluster.replicas.map(
            async (replica) =>
              (await (await fetch(`${replica.url}/api/events/status`, { headers: { cookie } })).json()) as { lastPassAt: string | null; mode: string },
          ),
        ),
      (all) => all.every((status) => status.lastPassAt !== null),
      20_000,
    );
    for (const status of statuses) {
      expect(status.mode).toBe('catch_up');
      expect(status.lastPassAt).not.toBeNull();
    }
  });

  it('100 viewers of one live run spread over the replicas cost one upstream read', async () => {
    const runId = await startScenario(cluster, 'long_running');
    // Measured once the run works and its `running` event is in: a status change would rightly cost a read.
    const running = await eventually(
      async () => (await pool.query('SELECT 1 FROM events WHERE run_id = $1 AND status = $2', [runId, 'running'])).rowCount ?? 0,
      (rows) => rows > 0,
      30_000,
    );
    expect(running).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await fetch(`${cluster.simulator.origin}/__sim/stats/reset`, { method: 'POST' });
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, viewer) => {
        const replica = cluster.replicas[viewer % cluster.replicas.length]!;
        return fetch(`${replica.url}/api/runs/${runId}`, { headers: { cookie } }).then(async (response) => ({
          status: response.status,
          body: (await response.json()) as { run?: { id?: string } },
        }));
      }),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 100 }, () => 200));
    const reads = (await upstreamRequests(cluster)).filter((request) => request.method === 'GET' && request.path === `/v2/task-runs/${runId}`);
    expect(reads).toHaveLength(1);
  });

  it('kill -9 of the leader mid-traffic: every cancel answered once and audited, the event reader moves and misses no event', async () => {
    const leader = await eventually(
      () => leaderOf(cluster, pool),
      (found) => found !== null,
      15_000,
    );
    expect(leader).not.toBeNull();
    const runIds = await Promise.all(Array.from({ length: 12 }, () => startScenario(cluster, 'long_running')));

    // Each cancel goes through the balancer; a connection cut by the crash is sent again, as a person would.
    const cancel = async (runId: string) => {
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(`${cluster.balancerUrl}/api/runs/${runId}/cancel`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: cluster.balancerUrl!, cookie },
          body: '{}',
        }).catch(() => null);
        if (response && response.status < 500) return { runId, status: response.status, attempts: attempt };
        if (attempt >= 5) return { runId, status: response?.status ?? 0, attempts: attempt };
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    };
    const traffic = runIds.map((runId, index) => new Promise((resolve) => setTimeout(resolve, index * 40)).then(() => cancel(runId)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    leader!.kill('SIGKILL');
    const results = await Promise.all(traffic);
    expect(await leader!.exited).toBeNull();

    for (const result of results) expect(result.status, `${result.runId} after ${result.attempts} attempts`).toBeLessThan(300);
    // Each run was cancelled upstream by requests carrying one idempotency key: it shows one cancel.
    for (const runId of runIds) {
      const run = await fetch(`${cluster.simulator.baseUrl}/task-runs/${runId}`, { headers: { authorization: `Bearer ${cluster.apiKey}` } });
      expect(((await run.json()) as { status: string }).status).toMatch(/^cancel/);
    }
    // Every accepted cancel is in the shared audit log, whichever replica took it.
    const survivor = cluster.replicas.find((replica) => replica !== leader)!;
    for (const runId of runIds) {
      const audit = await fetch(`${survivor.url}/api/runs/${runId}/audit`, { headers: { cookie } });
      const entries = ((await audit.json()) as { entries: Array<{ action: string; outcome: string }> }).entries;
      expect(entries.filter((entry) => entry.action === 'run.canceled').length, runId).toBeGreaterThanOrEqual(1);
    }

    // Another replica leads within seconds and its reader stores every event, those of the crash included.
    const next = await eventually(
      () => leaderOf(cluster, pool),
      (found) => found !== null && found !== leader,
      15_000,
    );
    expect(next).not.toBeNull();
    expect(next).not.toBe(leader);
    const afterFailover = await startScenario(cluster, 'success');
    const missing = await eventually(
      async () => {
        const upstream = await upstreamEventIds(cluster);
        const stored = new Set((await pool.query<{ event_id: string }>('SELECT event_id FROM events')).rows.map((row) => row.event_id));
        return upstream.filter((id) => !stored.has(id));
      },
      (ids) => ids.length === 0,
      30_000,
    );
    expect(missing).toEqual([]);
    const runEvents = await pool.query('SELECT 1 FROM events WHERE run_id = $1', [afterFailover]);
    expect(runEvents.rowCount).toBeGreaterThan(0);
  }, 120_000);
});

describe('replicas starting together on an empty database', () => {
  it('apply each migration once', async () => {
    const cluster = await startLocalCluster({
      replicas: 2,
      postgresAdminUrl: adminUrl(),
      balancer: false,
      seedDemo: false,
      startTogether: true,
      env: { RUNWATCH_LOG_LEVEL: 'info' },
    });
    const pool = new pg.Pool({ connectionString: cluster.databaseUrl, max: 1 });
    try {
      const applied = cluster.replicas.flatMap((replica) =>
        replica
          .output()
          .stdout.split('\n')
          .filter((line) => line.includes('applied PostgreSQL migration'))
          .map((line) => (JSON.parse(line) as { version: number }).version),
      );
      const versions = (await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((row) => row.version);
      expect(versions.length).toBeGreaterThan(0);
      expect([...applied].sort((a, b) => a - b)).toEqual(versions);
    } finally {
      await pool.end();
      await cluster.stop();
    }
  }, 180_000);
});
