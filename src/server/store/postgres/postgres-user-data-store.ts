import { settingJson } from '../sqlite-user-data-store';
import {
  MAX_PINS_PER_USER,
  MAX_RECENT_VALUE_LENGTH,
  RECENT_LIST_LIMIT,
  UserDataLimitError,
  type PinnedRun,
  type RecentEntry,
  type UserDataStore,
} from '../user-data-store';
import { inTransaction, type PostgresDatabase } from './postgres-database';

/**
 * What Runwatch keeps per person, on the shared PostgreSQL database (tables of migration
 * 0002-user-data): the same rules as the SQLite store. Changes that read before they write (the
 * pin limit, trimming a recent list) take a per-user transaction lock, so two replicas serving the
 * same person at once cannot push a list past its limit.
 */
export function openPostgresUserDataStore(options: { database: PostgresDatabase }): UserDataStore {
  const { pool } = options.database;
  const lockUser = `SELECT pg_advisory_xact_lock(hashtextextended('runwatch user ' || $1, 0))`;

  return {
    async listPins(userId): Promise<PinnedRun[]> {
      const rows = await pool.query<{ run_id: string; pinned_at: string }>(
        'SELECT run_id, pinned_at FROM pins WHERE user_id = $1 ORDER BY pinned_at DESC, run_id',
        [userId],
      );
      return rows.rows.map((row) => ({ runId: row.run_id, pinnedAt: row.pinned_at }));
    },

    async pin(userId, runId, now) {
      await inTransaction(pool, async (client) => {
        await client.query(lockUser, [userId]);
        const pinned = await client.query('SELECT 1 FROM pins WHERE user_id = $1 AND run_id = $2', [userId, runId]);
        if ((pinned.rowCount ?? 0) > 0) return;
        const count = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM pins WHERE user_id = $1', [userId]);
        if (Number(count.rows[0]?.n ?? 0) >= MAX_PINS_PER_USER) throw new UserDataLimitError(`at most ${MAX_PINS_PER_USER} runs can be pinned`);
        await client.query('INSERT INTO pins (user_id, run_id, pinned_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, run_id) DO NOTHING', [
          userId,
          runId,
          now.toISOString(),
        ]);
      });
    },

    async unpin(userId, runId) {
      const result = await pool.query('DELETE FROM pins WHERE user_id = $1 AND run_id = $2', [userId, runId]);
      return (result.rowCount ?? 0) > 0;
    },

    async getSetting(userId, key) {
      const row = (await pool.query<{ value: string }>('SELECT value FROM settings WHERE user_id = $1 AND key = $2', [userId, key])).rows[0];
      return row ? (JSON.parse(row.value) as unknown) : null;
    },

    async putSetting(userId, key, value, now) {
      await pool.query(
        'INSERT INTO settings (user_id, key, value, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        [userId, key, settingJson(value), now.toISOString()],
      );
    },

    async pushRecent(userId, list, value, now) {
      if (value.length === 0 || value.length > MAX_RECENT_VALUE_LENGTH) {
        throw new UserDataLimitError(`recent entries are 1 to ${MAX_RECENT_VALUE_LENGTH} characters`);
      }
      await inTransaction(pool, async (client) => {
        await client.query(lockUser, [userId]);
        await client.query(
          'INSERT INTO recent (user_id, list, value, at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, list, value) DO UPDATE SET at = excluded.at',
          [userId, list, value, now.toISOString()],
        );
        await client.query(
          `DELETE FROM recent WHERE user_id = $1 AND list = $2 AND value NOT IN (
             SELECT value FROM recent WHERE user_id = $1 AND list = $2 ORDER BY at DESC, value LIMIT ${RECENT_LIST_LIMIT})`,
          [userId, list],
        );
      });
    },

    async listRecent(userId, list): Promise<RecentEntry[]> {
      const rows = await pool.query<{ value: string; at: string }>(
        `SELECT value, at FROM recent WHERE user_id = $1 AND list = $2 ORDER BY at DESC, value LIMIT ${RECENT_LIST_LIMIT}`,
        [userId, list],
      );
      return rows.rows.map((row) => ({ value: row.value, at: row.at }));
    },

    // The pool belongs to the PostgresDatabase, which its owner closes.
    async close() {},
  };
}
