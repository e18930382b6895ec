import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { UpstreamJsonObject } from '@/contract/upstream';
import { silentLogger } from '../logger';
import { postgresTestPlaces } from '../testing/postgres-test-database';
import type { UpstreamClient, UpstreamReply } from '../upstream/upstream-client';
import { ensureClusterTables } from './cluster-tables';
import { LeaderElection } from './leader';
import { PostgresTokenSource } from './postgres-token-source';
import { FollowerSkipsUpkeepError, shareRunReads } from './shared-run-reads';

/** The pieces replicas coordinate with, each on a real PostgreSQL, several "replicas" in one process. */

const places = postgresTestPlaces('coordination');
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function newPool(): Promise<{ url: string; pool: pg.Pool }> {
  const url = await places.newPlace();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  closers.push(() => pool.end());
  await ensureClusterTables(pool);
  return { url, pool };
}

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

describe('shared request budget (PostgresTokenSource)', () => {
  it('grants no more over all replicas than the bucket holds plus what refilled meanwhile', async () => {
    const { pool } = await newPool();
    // 50 per 10 s: a burst of 10 and 40 refilled over the window.
    const replicas = [0, 1, 2].map(() => new PostgresTokenSource({ pool, limit: 50, windowMs: 10_000 }));
    const started = Date.now();
    const grants = await Promise.all(Array.from({ length: 60 }, (_, i) => replicas[i % 3]!.take(1, 0)));
    const elapsedMs = Date.now() - started;
    const granted = grants.reduce((sum, n) => sum + n, 0);
    expect(granted).toBeGreaterThanOrEqual(10);
    expect(granted).toBeLessThanOrEqual(10 + Math.ceil((elapsedMs * 40) / 10_000));
  });

  it('keeps a lane reserve in the shared bucket', async () => {
    const { pool } = await newPool();
    const source = new PostgresTokenSource({ pool, limit: 50, windowMs: 600_000 });
    // A full bucket of 10 keeping 8 for the lanes before: 2 go.
    expect(await source.take(5, 8)).toBe(2);
    expect(await source.take(5, 8)).toBe(0);
    expect(await source.take(20, 0)).toBe(8);
  });
});

describe('leader election', () => {
  it('lets one replica lead and another take over when it stops', async () => {
    const { url } = await newPool();
    const elections = ['a', 'b', 'c'].map((replica) => new LeaderElection({ databaseUrl: url, log: silentLogger, replica, retryMs: 100 }));
    for (const election of elections) {
      closers.push(() => election.stop());
      election.start();
    }
    expect(await eventually(() => elections.some((election) => election.isLeader()))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(elections.filter((election) => election.isLeader())).toHaveLength(1);

    const first = elections.find((election) => election.isLeader())!;
    const changes: boolean[] = [];
    first.onChange((leading) => changes.push(leading));
    await first.stop();
    expect(changes).toEqual([false]);
    expect(await eventually(() => elections.some((election) => election !== first && election.isLeader()))).toBe(true);
    expect(elections.filter((election) => election.isLeader())).toHaveLength(1);
  });
});

describe('shared run reads', () => {
  function countingUpstream(): { upstream: UpstreamClient; calls: () => number; release: () => void } {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const getRun = async (runId: string): Promise<UpstreamReply<UpstreamJsonObject>> => {
      calls += 1;
      await gate;
      return { data: { id: runId, status: 'running', read: calls }, upstreamRequestId: `req_${calls}` };
    };
    return { upstream: { getRun } as unknown as UpstreamClient, calls: () => calls, release };
  }

  it('one replica reads, the others take its answer; an event makes the next read go upstream again', async () => {
    const { pool } = await newPool();
    const fake = countingUpstream();
    const replicas = [0, 1, 2].map(() => shareRunReads(fake.upstream, { pool, log: silentLogger, windowMs: 60_000, isLeader: () => true }));
    const reads = Array.from({ length: 30 }, (_, i) => replicas[i % 3]!.upstream.getRun('trun_1', []));
    await eventually(() => fake.calls() > 0);
    fake.release();
    const replies = await Promise.all(reads);
    expect(fake.calls()).toBe(1);
    expect(new Set(replies.map((reply) => reply.upstreamRequestId))).toEqual(new Set(['req_1']));

    await replicas[0]!.forget(['trun_1']);
    const after = await replicas[2]!.upstream.getRun('trun_1', []);
    expect(fake.calls()).toBe(2);
    expect(after.upstreamRequestId).toBe('req_2');
    // Another include set is another read.
    await replicas[1]!.upstream.getRun('trun_1', ['input']);
    expect(fake.calls()).toBe(3);
  });

  it('leaves upkeep reads to the leader', async () => {
    const { pool } = await newPool();
    const fake = countingUpstream();
    fake.release();
    const follower = shareRunReads(fake.upstream, { pool, log: silentLogger, isLeader: () => false });
    await expect(follower.upstream.getRun('trun_2', [], { priority: 'background', lane: 'backfill' })).rejects.toBeInstanceOf(FollowerSkipsUpkeepError);
    expect(fake.calls()).toBe(0);
    await follower.upstream.getRun('trun_2', []);
    expect(fake.calls()).toBe(1);
  });
});
