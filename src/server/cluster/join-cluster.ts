import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import type { CatchUpReader, CatchUpReaderOptions } from '../events/catch-up-reader';
import type { EventIntake } from '../events/event-intake';
import type { Logger } from '../logger';
import type { UpstreamClient } from '../upstream/upstream-client';
import { ensureClusterTables } from './cluster-tables';
import { LeaderElection } from './leader';
import { LeaderCatchUpReader } from './leader-catch-up-reader';
import { LeaderDuties, type RunningDuty } from './leader-duties';
import { PostgresTokenSource } from './postgres-token-source';
import { RunChangeBus } from './run-change-bus';
import { shareRunReads, type SharedRunReads } from './shared-run-reads';

/**
 * What makes replicas on one PostgreSQL database (DATABASE_URL) act as one Runwatch: a leader for
 * the work that must run once, one upstream request budget, run reads shared for their window, and
 * run changes announced to every replica. Without DATABASE_URL none of this is used.
 */
export interface ClusterMembership {
  readonly replica: string;
  readonly election: LeaderElection;
  /** For RequestBudget's `tokenSource`: the budget every replica draws from. */
  readonly tokenSource: PostgresTokenSource;
  /** The upstream client whose run reads are shared with the other replicas. */
  shareRunReads(upstream: UpstreamClient): UpstreamClient;
  /** An event catch-up reader that reads only while this replica leads. */
  catchUpReader(options: CatchUpReaderOptions): CatchUpReader;
  /** Runs `start` while this replica leads (e.g. the alert scanner). */
  whileLeading(name: string, start: () => RunningDuty | null): void;
  /** Runs an event changed on this replica are forgotten by every replica; `forget` is this replica's cache. */
  connect(options: { intake: EventIntake | undefined; forget: (runIds: string[]) => void }): Promise<void>;
  /** Starts taking part in the leader election. */
  start(): void;
  close(): Promise<void>;
}

export interface JoinClusterOptions {
  databaseUrl: string;
  log: Logger;
  /** RUNWATCH_UPSTREAM_SHARE: requests per window over all replicas. */
  upstreamShare: number;
  windowMs: number;
  /** How long a run read one replica made is reused by the others. */
  sharedReadMs?: number;
  leaderRetryMs?: number;
  replica?: string;
}

export async function joinCluster(options: JoinClusterOptions): Promise<ClusterMembership> {
  const log = options.log.child({ component: 'cluster' });
  const replica = options.replica ?? `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 5, application_name: 'runwatch-cluster', connectionTimeoutMillis: 10_000 });
  pool.on('error', (error) => log.warn('idle PostgreSQL connection lost', { error: error.message }));
  try {
    await ensureClusterTables(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`PostgreSQL (DATABASE_URL) could not be prepared: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const election = new LeaderElection({ databaseUrl: options.databaseUrl, log, replica, retryMs: options.leaderRetryMs });
  const duties = new LeaderDuties(election, log);
  const bus = new RunChangeBus({ pool, databaseUrl: options.databaseUrl, replica, log });
  const tokenSource = new PostgresTokenSource({ pool, limit: options.upstreamShare, windowMs: options.windowMs });
  let sharedReads: SharedRunReads | null = null;
  const catchUpReaders: LeaderCatchUpReader[] = [];
  log.info('joining the replicas on PostgreSQL', { replica });

  return {
    replica,
    election,
    tokenSource,
    shareRunReads(upstream) {
      sharedReads = shareRunReads(upstream, { pool, log, windowMs: options.sharedReadMs, isLeader: () => election.isLeader() });
      return sharedReads.upstream;
    },
    catchUpReader(readerOptions) {
      const reader = new LeaderCatchUpReader({ ...readerOptions, pool, duties, replica });
      catchUpReaders.push(reader);
      return reader;
    },
    whileLeading(name, start) {
      duties.add({ name, start: () => start() ?? { stop: () => undefined } });
    },
    async connect({ intake, forget }) {
      bus.onRemoteChange((ids) => forget(ids));
      intake?.onRunsChanged((runIds) => {
        // Shared copies go first, then the others are told: a replica that heard cannot find the old copy.
        const ids = [...runIds];
        void (async () => {
          await sharedReads?.forget(ids);
          await bus.publish(ids);
        })().catch((error: unknown) =>
          log.warn('could not tell the other replicas of changed runs', { error: error instanceof Error ? error.message : String(error) }),
        );
      });
      await bus.start();
    },
    start() {
      election.start();
    },
    async close() {
      await election.stop();
      await duties.close();
      for (const reader of catchUpReaders) await reader.stop();
      await bus.stop();
      await pool.end().catch(() => undefined);
    },
  };
}
