import type pg from 'pg';
import type { Logger } from '@/server/logger';

export interface PostgresMigration {
  /** Applied in ascending order, each once; recorded in `schema_migrations`. Never edit an applied one: add the next. */
  version: number;
  name: string;
  sql: string;
}

/** The database holds a migration under a version this Runwatch knows by another name: its history was rewritten. */
export class MigrationMismatchError extends Error {
  constructor(version: number, stored: string, known: string) {
    super(
      `schema_migrations version ${version} is "${stored}" in the database but "${known}" in this Runwatch; migrations are forward-only and must never be edited`,
    );
    this.name = 'MigrationMismatchError';
  }
}

/**
 * Brings the database (the schema first on its search_path) to the newest version. Replicas that
 * start together take turns on a session-level advisory lock, so each migration is applied once;
 * each migration runs in its own transaction with its `schema_migrations` row, so a failed one
 * leaves nothing half done. Returns the versions this call applied.
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly PostgresMigration[], log: Logger): Promise<number[]> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const client = await pool.connect();
  let lockKey: string | null = null;
  try {
    // One lock per schema, so schemas sharing a database (as the tests do) do not wait for each other.
    const key = await client.query<{ key: string }>(`SELECT hashtextextended('runwatch schema migrations ' || current_schema(), 0)::text AS key`);
    lockKey = key.rows[0]?.key ?? null;
    if (lockKey === null) throw new Error('no current schema: check the search_path of DATABASE_URL');
    await client.query('SELECT pg_advisory_lock($1::bigint)', [lockKey]);

    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    const stored = new Map(
      (await client.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations')).rows.map((row) => [row.version, row.name]),
    );
    const newestKnown = ordered.at(-1)?.version ?? 0;
    const newer = [...stored.keys()].filter((version) => version > newestKnown);
    if (newer.length > 0) {
      // A newer replica migrated already (a rolling deploy): migrations only add, so this one can still serve.
      log.warn('the database schema is newer than this Runwatch knows', { newestKnown, newestApplied: Math.max(...newer) });
    }

    const applied: number[] = [];
    for (const migration of ordered) {
      const storedName = stored.get(migration.version);
      if (storedName !== undefined) {
        if (storedName !== migration.name) throw new MigrationMismatchError(migration.version, storedName, migration.name);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`PostgreSQL migration ${migration.version} (${migration.name}) failed: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
      applied.push(migration.version);
      log.info('applied PostgreSQL migration', { version: migration.version, name: migration.name });
    }
    return applied;
  } finally {
    // A connection that could not drop the lock is closed rather than pooled, which drops it.
    let unlocked = true;
    if (lockKey !== null)
      unlocked = await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey]).then(
        () => true,
        () => false,
      );
    client.release(!unlocked);
  }
}
