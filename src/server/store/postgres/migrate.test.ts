import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { createTestDatabase } from '@/server/testing/postgres-test-database';
import { MigrationMismatchError, migratePostgres, type PostgresMigration } from './migrate';
import { POSTGRES_MIGRATIONS } from './migrations';

const quietLog = createLogger({ write: () => undefined });

describe('PostgreSQL migrations', () => {
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end();
  });
  async function emptyDatabase(): Promise<string> {
    return createTestDatabase('migrate');
  }
  function poolFor(url: string): pg.Pool {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pools.push(pool);
    return pool;
  }
  async function recorded(pool: pg.Pool): Promise<{ version: number; name: string }[]> {
    return (await pool.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')).rows;
  }

  it('applies each migration once when two replicas migrate an empty database at the same time', async () => {
    const url = await emptyDatabase();
    const replicas = [poolFor(url), poolFor(url)];
    const applied = await Promise.all(replicas.map((pool) => migratePostgres(pool, POSTGRES_MIGRATIONS, quietLog)));

    const versions = POSTGRES_MIGRATIONS.map((migration) => migration.version);
    // One replica did the work and the other found it done: together each version exactly once.
    expect([...applied[0]!, ...applied[1]!].sort((a, b) => a - b)).toEqual(versions);
    expect(applied.filter((list) => list.length === 0)).toHaveLength(1);
    expect(await recorded(replicas[0]!)).toEqual(POSTGRES_MIGRATIONS.map(({ version, name }) => ({ version, name })));
    // The schema is usable: the tables of every migration are there.
    await replicas[1]!.query('SELECT run_id, errors FROM runs LIMIT 1');
    await replicas[1]!.query('SELECT user_id FROM pins LIMIT 1');
  });

  it('makes a replica that starts during a slow migration wait for it, not run it again', async () => {
    const url = await emptyDatabase();
    const counted: PostgresMigration[] = [
      // Each run of this migration adds a row, so running it twice would show.
      { version: 1, name: 'slow', sql: 'CREATE TABLE runs_of_slow (at TIMESTAMPTZ); SELECT pg_sleep(0.3); INSERT INTO runs_of_slow VALUES (now());' },
      { version: 2, name: 'after', sql: 'CREATE TABLE after_slow (id INTEGER)' },
    ];
    const [first, second] = [poolFor(url), poolFor(url)];
    const firstRun = migratePostgres(first, counted, quietLog);
    const secondRun = migratePostgres(second, counted, quietLog);
    const results = await Promise.all([firstRun, secondRun]);
    expect(results.flat().sort()).toEqual([1, 2]);
    expect((await first.query('SELECT COUNT(*)::int AS n FROM runs_of_slow')).rows[0]).toEqual({ n: 1 });
  });

  it('applies only the new migrations at the next start', async () => {
    const url = await emptyDatabase();
    const pool = poolFor(url);
    const first: PostgresMigration[] = [{ version: 1, name: 'one', sql: 'CREATE TABLE one (id INTEGER)' }];
    expect(await migratePostgres(pool, first, quietLog)).toEqual([1]);
    expect(await migratePostgres(pool, first, quietLog)).toEqual([]);
    expect(await migratePostgres(pool, [...first, { version: 2, name: 'two', sql: 'CREATE TABLE two (id INTEGER)' }], quietLog)).toEqual([2]);
    expect((await recorded(pool)).map((row) => row.version)).toEqual([1, 2]);
  });

  it('leaves nothing of a failed migration and names it', async () => {
    const url = await emptyDatabase();
    const pool = poolFor(url);
    const broken: PostgresMigration[] = [
      { version: 1, name: 'fine', sql: 'CREATE TABLE fine (id INTEGER)' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE half (id INTEGER); SELECT no_such_function();' },
    ];
    await expect(migratePostgres(pool, broken, quietLog)).rejects.toThrow(/migration 2 \(broken\) failed: .*no_such_function/);
    expect((await recorded(pool)).map((row) => row.version)).toEqual([1]);
    expect((await pool.query(`SELECT to_regclass('half') AS half`)).rows[0]).toEqual({ half: null });
    // The lock was given back: another start is not blocked.
    expect(await migratePostgres(poolFor(url), broken.slice(0, 1), quietLog)).toEqual([]);
  });

  it('refuses a database whose applied migration was renamed (history is never edited)', async () => {
    const url = await emptyDatabase();
    const pool = poolFor(url);
    await migratePostgres(pool, [{ version: 1, name: 'one', sql: 'CREATE TABLE one (id INTEGER)' }], quietLog);
    await expect(migratePostgres(pool, [{ version: 1, name: 'uno', sql: 'CREATE TABLE uno (id INTEGER)' }], quietLog)).rejects.toBeInstanceOf(
      MigrationMismatchError,
    );
  });
});
