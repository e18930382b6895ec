import type { PostgresMigration } from '../migrate';

/** What Runwatch keeps per person (src/server/store/user-data-store.ts): the same tables as user-data.sqlite. */
export const userDataMigration: PostgresMigration = {
  version: 2,
  name: 'user-data',
  sql: `
    CREATE TABLE pins (
      user_id TEXT COLLATE "C" NOT NULL,
      run_id TEXT COLLATE "C" NOT NULL,
      pinned_at TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (user_id, run_id)
    );
    CREATE TABLE settings (
      user_id TEXT COLLATE "C" NOT NULL,
      key TEXT COLLATE "C" NOT NULL,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (user_id, key)
    );
    CREATE TABLE recent (
      user_id TEXT COLLATE "C" NOT NULL,
      list TEXT COLLATE "C" NOT NULL,
      value TEXT COLLATE "C" NOT NULL,
      at TEXT COLLATE "C" NOT NULL,
      PRIMARY KEY (user_id, list, value)
    );
    CREATE INDEX recent_by_time ON recent (user_id, list, at);
  `,
};
