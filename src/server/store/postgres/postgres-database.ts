import pg from 'pg';
import type { Logger } from '@/server/logger';
import { migratePostgres } from './migrate';
import { POSTGRES_MIGRATIONS } from './migrations';

/** One connection pool to the shared database, brought to the newest schema; the PostgreSQL stores share it. */
export interface PostgresDatabase {
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export interface ConnectPostgresOptions {
  /** DATABASE_URL: `postgres://user:password@host:5432/db`; `?options=-c search_path=…` picks a schema. */
  url: string;
  log: Logger;
  /** Most connections this process opens. */
  maxConnections?: number;
}

/**
 * Connects and migrates (under an advisory lock, so replicas starting together apply each migration
 * once). Fails with the reason when the database cannot be reached; the password is never logged.
 */
export async function connectPostgres(options: ConnectPostgresOptions): Promise<PostgresDatabase> {
  const log = options.log.child({ component: 'postgres' });
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'runwatch',
  });
  // An idle connection the server drops (restart, failover) must not crash the process; the pool replaces it.
  pool.on('error', (error) => log.warn('idle PostgreSQL connection lost', { error: error.message }));
  try {
    await migratePostgres(pool, POSTGRES_MIGRATIONS, log);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`PostgreSQL (DATABASE_URL) could not be prepared: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let closed = false;
  return {
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** deadlock_detected and serialization_failure: PostgreSQL rolled the transaction back and it may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

/**
 * Runs `work` in one transaction on one connection: committed when it returns, rolled back when it
 * throws. A transaction PostgreSQL ended as a deadlock victim is run again (at most three times in
 * all), so `work` must only touch the database.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runTransaction(pool, work);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
    }
  }
}

async function runTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    throw error;
  } finally {
    client.release(broken);
  }
}
