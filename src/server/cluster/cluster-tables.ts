import type pg from 'pg';

/**
 * Tables that only coordinate replicas (who leads and how its event reader fares, the shared request
 * budget, the last run reads). They hold nothing that is not rebuilt within seconds, so they are
 * UNLOGGED (no WAL cost; emptied if PostgreSQL itself crashes) and created here, idempotently,
 * under an advisory lock so replicas starting together create them once.
 */
const CLUSTER_TABLES_SQL = `
CREATE UNLOGGED TABLE IF NOT EXISTS cluster_leader_status (
  singleton BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
  replica TEXT NOT NULL,
  since TIMESTAMPTZ NOT NULL,
  catch_up JSONB,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE UNLOGGED TABLE IF NOT EXISTS cluster_request_budget (
  name TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  refilled_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE UNLOGGED TABLE IF NOT EXISTS cluster_run_reads (
  read_key TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  body JSONB,
  upstream_request_id TEXT,
  fetched_at TIMESTAMPTZ,
  claim TEXT,
  claimed_until TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS cluster_run_reads_run ON cluster_run_reads (run_id);
`;

export async function ensureClusterTables(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('runwatch cluster tables ' || current_schema(), 0))`);
    await client.query(CLUSTER_TABLES_SQL);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
