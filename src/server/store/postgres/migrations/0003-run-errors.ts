import type { PostgresMigration } from '../migrate';

/** Errors with their type (NULL: not known yet), and one row per error so lists filter by code and group without reading JSON. */
export const runErrorsMigration: PostgresMigration = {
  version: 3,
  name: 'run-errors',
  sql: `
    ALTER TABLE runs ADD COLUMN errors TEXT;
    CREATE TABLE run_errors (
      run_id TEXT COLLATE "C" NOT NULL,
      position INTEGER NOT NULL,
      error_type TEXT COLLATE "C",
      error_group TEXT COLLATE "C" NOT NULL,
      code TEXT COLLATE "C",
      PRIMARY KEY (run_id, position)
    );
    CREATE INDEX run_errors_by_code ON run_errors (code, run_id);
    CREATE INDEX run_errors_by_group ON run_errors (error_group, run_id);
    CREATE INDEX runs_failed_by_update ON runs (status, updated_at);
  `,
};
