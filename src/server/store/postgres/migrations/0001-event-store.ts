import type { PostgresMigration } from '../migrate';

/**
 * The event store (see docs/event-store.md): the same tables as events.sqlite. Instants are TEXT in
 * the one canonical ISO 8601 form (src/server/store/canonical-time.ts) and every column that is
 * compared or sorted uses the "C" collation, so order is byte order as in SQLite, whatever locale
 * the cluster was created with.
 */
export const eventStoreMigration: PostgresMigration = {
  version: 1,
  name: 'event-store',
  sql: `
    CREATE TABLE runs (
      run_id TEXT COLLATE "C" PRIMARY KEY,
      status TEXT COLLATE "C",
      upstream_status TEXT COLLATE "C" NOT NULL,
      result TEXT COLLATE "C",
      task_id TEXT COLLATE "C",
      agent_id TEXT COLLATE "C",
      source_id TEXT COLLATE "C",
      credential_id TEXT COLLATE "C",
      session_id TEXT,
      workflow_id TEXT,
      runtime_ms BIGINT,
      created_at TEXT COLLATE "C" NOT NULL,
      updated_at TEXT COLLATE "C" NOT NULL,
      error_codes TEXT NOT NULL,
      interaction_type TEXT,
      applied_at TEXT COLLATE "C" NOT NULL,
      applied_rank INTEGER NOT NULL,
      indexed_at TEXT NOT NULL
    );
    CREATE INDEX runs_by_created ON runs (created_at, run_id);
    CREATE INDEX runs_by_status ON runs (status, upstream_status);
    CREATE TABLE events (
      event_id TEXT COLLATE "C" PRIMARY KEY,
      type TEXT NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL,
      run_id TEXT COLLATE "C",
      request_id TEXT COLLATE "C",
      status TEXT,
      upstream_status TEXT,
      status_rank INTEGER,
      result TEXT,
      runtime_ms BIGINT,
      source TEXT NOT NULL,
      received_at TEXT NOT NULL
    );
    CREATE INDEX events_by_run ON events (run_id, created_at);
    CREATE INDEX events_by_request ON events (request_id);
    CREATE INDEX events_by_time ON events (created_at);
    CREATE TABLE webhook_deliveries (
      delivery_id TEXT COLLATE "C" PRIMARY KEY,
      seen_at TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (seen_at);
    CREATE TABLE catch_up_state (
      id INTEGER PRIMARY KEY,
      state TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
  `,
};
