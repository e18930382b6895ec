import path from 'node:path';
import type { Logger } from '../logger';
import { openDatabase, type Migration } from './open-database';
import {
  MAX_PINS_PER_USER,
  MAX_RECENT_VALUE_LENGTH,
  MAX_SETTING_BYTES,
  RECENT_LIST_LIMIT,
  UserDataLimitError,
  type PinnedRun,
  type RecentEntry,
  type UserDataStore,
} from './user-data-store';

export const USER_DATA_FILE = 'user-data.sqlite';

/**
 * Plain SQL both engines read alike (TEXT ISO timestamps, `INSERT … ON CONFLICT`), so the
 * PostgreSQL engine keeps the same tables.
 */
export const USER_DATA_MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE pins (
        user_id TEXT NOT NULL,
        run_id TEXT NOT NULL,
        pinned_at TEXT NOT NULL,
        PRIMARY KEY (user_id, run_id)
      );
      CREATE TABLE settings (
        user_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, key)
      );
      CREATE TABLE recent (
        user_id TEXT NOT NULL,
        list TEXT NOT NULL,
        value TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (user_id, list, value)
      );
      CREATE INDEX recent_by_time ON recent (user_id, list, at);
    `,
  },
];

export interface SqliteUserDataStore extends UserDataStore {
  readonly file: string;
}

export function openSqliteUserDataStore(options: { dataDir: string; log: Logger }): SqliteUserDataStore {
  const file = path.join(options.dataDir, USER_DATA_FILE);
  // Pins and settings are conveniences: an unreadable file is moved aside rather than blocking the start.
  const db = openDatabase(file, USER_DATA_MIGRATIONS, options.log);

  const selectPins = db.prepare<[string], { run_id: string; pinned_at: string }>(
    'SELECT run_id, pinned_at FROM pins WHERE user_id = ? ORDER BY pinned_at DESC, run_id',
  );
  const countPins = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM pins WHERE user_id = ?');
  const insertPin = db.prepare('INSERT INTO pins (user_id, run_id, pinned_at) VALUES (?, ?, ?) ON CONFLICT (user_id, run_id) DO NOTHING');
  const deletePin = db.prepare('DELETE FROM pins WHERE user_id = ? AND run_id = ?');
  const isPinned = db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM pins WHERE user_id = ? AND run_id = ?');
  const selectSetting = db.prepare<[string, string], { value: string }>('SELECT value FROM settings WHERE user_id = ? AND key = ?');
  const upsertSetting = db.prepare(
    'INSERT INTO settings (user_id, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const upsertRecent = db.prepare(
    'INSERT INTO recent (user_id, list, value, at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, list, value) DO UPDATE SET at = excluded.at',
  );
  const trimRecent = db.prepare(
    `DELETE FROM recent WHERE user_id = ? AND list = ? AND value NOT IN (
       SELECT value FROM recent WHERE user_id = ? AND list = ? ORDER BY at DESC, value LIMIT ${RECENT_LIST_LIMIT})`,
  );
  const selectRecent = db.prepare<[string, string], { value: string; at: string }>(
    `SELECT value, at FROM recent WHERE user_id = ? AND list = ? ORDER BY at DESC, value LIMIT ${RECENT_LIST_LIMIT}`,
  );

  const pushRecent = db.transaction((userId: string, list: string, value: string, at: string) => {
    upsertRecent.run(userId, list, value, at);
    trimRecent.run(userId, list, userId, list);
  });
  const pin = db.transaction((userId: string, runId: string, at: string) => {
    if (isPinned.get(userId, runId)!.n > 0) return;
    if (countPins.get(userId)!.n >= MAX_PINS_PER_USER) throw new UserDataLimitError(`at most ${MAX_PINS_PER_USER} runs can be pinned`);
    insertPin.run(userId, runId, at);
  });

  return {
    file,
    async listPins(userId): Promise<PinnedRun[]> {
      return selectPins.all(userId).map((row) => ({ runId: row.run_id, pinnedAt: row.pinned_at }));
    },
    async pin(userId, runId, now) {
      pin(userId, runId, now.toISOString());
    },
    async unpin(userId, runId) {
      return deletePin.run(userId, runId).changes > 0;
    },
    async getSetting(userId, key) {
      const row = selectSetting.get(userId, key);
      return row ? (JSON.parse(row.value) as unknown) : null;
    },
    async putSetting(userId, key, value, now) {
      upsertSetting.run(userId, key, settingJson(value), now.toISOString());
    },
    async pushRecent(userId, list, value, now) {
      if (value.length === 0 || value.length > MAX_RECENT_VALUE_LENGTH) {
        throw new UserDataLimitError(`recent entries are 1 to ${MAX_RECENT_VALUE_LENGTH} characters`);
      }
      pushRecent(userId, list, value, now.toISOString());
    },
    async listRecent(userId, list): Promise<RecentEntry[]> {
      return selectRecent.all(userId, list).map((row) => ({ value: row.value, at: row.at }));
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/** The JSON text of a settings document, refused when it is not JSON or too large. */
export function settingJson(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    throw new UserDataLimitError('settings must be JSON');
  }
  if (json === undefined) throw new UserDataLimitError('settings must be JSON');
  if (Buffer.byteLength(json) > MAX_SETTING_BYTES) throw new UserDataLimitError(`settings are limited to ${MAX_SETTING_BYTES} bytes`);
  return json;
}
