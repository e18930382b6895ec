import type { TestProject } from 'vitest/node';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the `postgres` database on the test run's PostgreSQL server; empty when it could not start. */
    postgresAdminUrl: string;
    /** Why the server could not start (empty when it did): the PostgreSQL tests fail with it. */
    postgresUnavailable: string;
  }
}

let cluster: PostgresCluster | null = null;

/**
 * One PostgreSQL server for the whole run of the PostgreSQL-backed tests (each file makes its own
 * database on it). A server that cannot start does not stop the run here: every PostgreSQL test
 * then fails with the reason, so the SQLite half still reports.
 */
export async function setup(project: TestProject): Promise<void> {
  try {
    cluster = await startPostgresCluster();
    project.provide('postgresAdminUrl', cluster.urlFor('postgres'));
    project.provide('postgresUnavailable', '');
  } catch (error) {
    project.provide('postgresAdminUrl', '');
    project.provide('postgresUnavailable', error instanceof Error ? error.message : String(error));
  }
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
  cluster = null;
}
