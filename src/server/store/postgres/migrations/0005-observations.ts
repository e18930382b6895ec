import type { PostgresMigration } from '../migrate';

/**
 * Observations of runs and the request ids of Runwatch's own reads (src/server/store/observation-store.ts):
 * the tables of observations.sqlite, named apart from the event store's `runs`.
 */
export const observationsMigration: PostgresMigration = {
  version: 5,
  name: 'observations',
  sql: `
    CREATE TABLE observed_runs (
      run_id TEXT COLLATE "C" PRIMARY KEY,
      first_observed_at TEXT NOT NULL,
      last_observed_at TEXT NOT NULL,
      upstream_updated_at TEXT,
      runtime_ms BIGINT
    );
    CREATE TABLE status_observations (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      run_id TEXT COLLATE "C" NOT NULL,
      status TEXT COLLATE "C" NOT NULL,
      upstream_status TEXT NOT NULL,
      observed_at TEXT NOT NULL,
      upstream_updated_at TEXT,
      runtime_ms BIGINT,
      result TEXT,
      error_codes TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX status_observations_by_run ON status_observations (run_id, id);
    CREATE TABLE observed_request_ids (
      request_id TEXT COLLATE "C" PRIMARY KEY,
      run_id TEXT COLLATE "C" NOT NULL,
      observed_at TEXT NOT NULL
    );
    CREATE INDEX observed_request_ids_by_time ON observed_request_ids (observed_at);
  `,
};
