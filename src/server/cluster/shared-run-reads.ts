import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { UpstreamJsonObject } from '@/contract/upstream';
import type { Logger } from '../logger';
import { canonicalIncludes } from '../upstream/run-include';
import type { UpstreamClient, UpstreamReply } from '../upstream/upstream-client';

/** A back-fill read asked of a follower: only the leader spends upstream requests on upkeep. */
export class FollowerSkipsUpkeepError extends Error {
  constructor() {
    super('upkeep reads of runs are made by the leading replica only');
    this.name = 'FollowerSkipsUpkeepError';
  }
}

export interface SharedRunReadsOptions {
  pool: pg.Pool;
  log: Logger;
  /** A read any replica made this recently is reused by the others instead of asking the upstream. */
  windowMs?: number;
  /** How long one replica's claim to read a run keeps the others waiting for its answer. */
  claimMs?: number;
  /** Whether this replica leads (back-fill reads go out from the leader only). */
  isLeader: () => boolean;
}

export interface SharedRunReads {
  /** The same client, whose `getRun` first looks for a read another replica just made. */
  readonly upstream: UpstreamClient;
  /** Drops the shared copies of these runs (an event changed them). */
  forget(runIds: readonly string[]): Promise<void>;
  /** Upstream reads of runs this replica made, and reads it took from another replica's copy. */
  counts(): { fetched: number; reused: number };
}

const POLL_MS = 25;

/**
 * Reads of a run shared by every replica through one PostgreSQL row per run and `include` set:
 *
 * - a row whose read is younger than `windowMs` is served as is (the normalised reading stays each
 *   replica's own: the row holds the run object as the upstream sent it);
 * - otherwise the replica claims the row in one statement (only one claim can be live), reads the
 *   upstream and stores the answer; the others poll the row until it holds the new read, the claim
 *   is released (the read failed: each then tries on its own) or the claim lapses;
 * - `forget` deletes the rows, and with them any live claim, so a read that started before an event
 *   cannot store the older state after it (its store matches no row).
 *
 * Failures are not shared: a failed read is its caller's alone, as in the local cache. If the
 * database cannot be reached the replica reads the upstream directly, so pages keep working.
 */
export function shareRunReads(upstream: UpstreamClient, options: SharedRunReadsOptions): SharedRunReads {
  const { pool } = options;
  const log = options.log.child({ component: 'shared-run-reads' });
  const windowMs = options.windowMs ?? 1_000;
  const claimMs = options.claimMs ?? 10_000;
  let fetched = 0;
  let reused = 0;
  let lastDatabaseWarning = 0;

  const warnDatabase = (error: unknown) => {
    const now = Date.now();
    if (now - lastDatabaseWarning < 60_000) return;
    lastDatabaseWarning = now;
    log.warn('shared run reads unavailable; reading the upstream directly', { error: error instanceof Error ? error.message : String(error) });
  };

  const freshRow = async (key: string): Promise<{ reply: UpstreamReply<UpstreamJsonObject> | null; claimed: boolean }> => {
    const result = await pool.query<{ body: UpstreamJsonObject | null; upstream_request_id: string | null; fresh: boolean; claimed: boolean }>(
      `SELECT body, upstream_request_id,
              (fetched_at IS NOT NULL AND fetched_at >= clock_timestamp() - $2 * interval '1 millisecond') AS fresh,
              (claimed_until IS NOT NULL AND claimed_until >= clock_timestamp()) AS claimed
         FROM cluster_run_reads WHERE read_key = $1`,
      [key, windowMs],
    );
    const row = result.rows[0];
    if (row?.fresh && row.body) return { reply: { data: row.body, upstreamRequestId: row.upstream_request_id }, claimed: row.claimed };
    return { reply: null, claimed: row?.claimed ?? false };
  };

  const claim = async (key: string, runId: string, token: string): Promise<boolean> => {
    const result = await pool.query(
      `INSERT INTO cluster_run_reads (read_key, run_id, claim, claimed_until)
            VALUES ($1, $2, $3, clock_timestamp() + $4 * interval '1 millisecond')
       ON CONFLICT (read_key) DO UPDATE SET claim = EXCLUDED.claim, claimed_until = EXCLUDED.claimed_until
        WHERE (cluster_run_reads.fetched_at IS NULL OR cluster_run_reads.fetched_at < clock_timestamp() - $5 * interval '1 millisecond')
          AND (cluster_run_reads.claimed_until IS NULL OR cluster_run_reads.claimed_until < clock_timestamp())
       RETURNING read_key`,
      [key, runId, token, claimMs, windowMs],
    );
    return (result.rowCount ?? 0) > 0;
  };

  const readAndShare = async (key: string, token: string, read: () => Promise<UpstreamReply<UpstreamJsonObject>>) => {
    let reply: UpstreamReply<UpstreamJsonObject>;
    try {
      fetched += 1;
      reply = await read();
    } catch (error) {
      await pool.query('UPDATE cluster_run_reads SET claim = NULL, claimed_until = NULL WHERE read_key = $1 AND claim = $2', [key, token]).catch(warnDatabase);
      throw error;
    }
    await pool
      .query(
        `UPDATE cluster_run_reads SET body = $3, upstream_request_id = $4, fetched_at = clock_timestamp(), claim = NULL, claimed_until = NULL
          WHERE read_key = $1 AND claim = $2`,
        [key, token, JSON.stringify(reply.data), reply.upstreamRequestId],
      )
      .catch(warnDatabase);
    return reply;
  };

  const getRun: UpstreamClient['getRun'] = async (runId, include, opts = {}) => {
    if (opts.lane === 'backfill' && !options.isLeader()) throw new FollowerSkipsUpkeepError();
    const key = `${runId}|${canonicalIncludes(include).join(',')}`;
    const read = () => upstream.getRun(runId, include, opts);
    const token = randomUUID();
    const giveUpAt = Date.now() + claimMs + windowMs;
    let claimed = false;
    for (;;) {
      try {
        const seen = await freshRow(key);
        if (seen.reply) {
          reused += 1;
          return seen.reply;
        }
        claimed = !seen.claimed && (await claim(key, runId, token));
      } catch (error) {
        warnDatabase(error);
        break;
      }
      if (claimed || Date.now() >= giveUpAt) break;
      await sleep(POLL_MS);
    }
    if (claimed) return readAndShare(key, token, read);
    fetched += 1;
    return read();
  };

  return {
    upstream: { ...upstream, getRun },
    async forget(runIds) {
      if (runIds.length === 0) return;
      await pool.query('DELETE FROM cluster_run_reads WHERE run_id = ANY($1::text[])', [runIds]);
    },
    counts: () => ({ fetched, reused }),
  };
}
