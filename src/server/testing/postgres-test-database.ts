import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase } from './postgres-cluster';
import type {} from './postgres-global-setup';

/**
 * A new, empty database on the test run's PostgreSQL server (started by postgres-global-setup.ts).
 * Throws with the reason when the server could not start: the PostgreSQL tests fail, never skip.
 */
export async function createTestDatabase(prefix: string): Promise<string> {
  const unavailable = inject('postgresUnavailable');
  const adminUrl = inject('postgresAdminUrl');
  if (unavailable || !adminUrl) throw new Error(unavailable || 'no PostgreSQL server was started for this test run (see vite.config.ts, project "postgres")');
  return createDatabase(adminUrl, prefix);
}

/**
 * Places for stores under test, cheaper than a database each: one database per test file (made on
 * first use), and a new schema in it per place. A place is a connection URL whose search_path is
 * that schema, so a store opened on it sees only its own tables.
 */
export function postgresTestPlaces(prefix: string): { newPlace(): Promise<string> } {
  let database: Promise<string> | null = null;
  let schemas = 0;
  return {
    async newPlace() {
      database ??= createTestDatabase(prefix);
      const databaseUrl = await database;
      const schema = `place_${++schemas}`;
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
      } finally {
        await client.end();
      }
      return withSearchPath(databaseUrl, schema);
    },
  };
}

/** The URL with `schema` as the only schema on its search_path. */
export function withSearchPath(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
