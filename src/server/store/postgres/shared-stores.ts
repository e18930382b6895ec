import type { AuthStores } from '@/server/auth/auth-database';
import type { Logger } from '@/server/logger';
import type { EventStore } from '../event-store';
import { openObservationStore, type ObservationStore } from '../observation-store';
import { openSqliteEventStore } from '../sqlite-event-store';
import { openSqliteUserDataStore } from '../sqlite-user-data-store';
import type { UserDataStore } from '../user-data-store';
import { postgresAuthStores } from './postgres-auth-stores';
import { connectPostgres } from './postgres-database';
import { openPostgresEventStore } from './postgres-event-store';
import { openPostgresObservationStore } from './postgres-observation-store';
import { openPostgresUserDataStore } from './postgres-user-data-store';

/** The stores every replica must see alike, on PostgreSQL when DATABASE_URL is set, else in SQLite files in the data dir. */
export interface SharedStores {
  readonly engine: 'postgres' | 'sqlite';
  readonly events: EventStore;
  readonly userData: UserDataStore;
  /** Observations of runs and the request ids of Runwatch's own reads. */
  readonly observations: ObservationStore;
  /**
   * Accounts, sessions, sign-in counts and the audit log on PostgreSQL; null on SQLite, where the
   * auth module keeps them in accounts.sqlite (src/server/auth/create-auth.ts).
   */
  readonly auth: AuthStores | null;
  /** Closes the stores, then the connection pool. */
  close(): Promise<void>;
}

export async function openSharedStores(options: { dataDir: string; databaseUrl: string | null; log: Logger }): Promise<SharedStores> {
  const { log } = options;
  if (options.databaseUrl === null) {
    const events = openSqliteEventStore({ dataDir: options.dataDir, log });
    const userData = openSqliteUserDataStore({ dataDir: options.dataDir, log });
    const observations = openObservationStore({ dataDir: options.dataDir, log });
    return {
      engine: 'sqlite',
      events,
      userData,
      observations,
      auth: null,
      async close() {
        await events.close();
        await userData.close();
        await observations.close();
      },
    };
  }
  const database = await connectPostgres({ url: options.databaseUrl, log });
  try {
    const events = await openPostgresEventStore({ database, log });
    const userData = openPostgresUserDataStore({ database });
    const observations = await openPostgresObservationStore({ database, log });
    log.info('shared stores on PostgreSQL', { host: new URL(options.databaseUrl).host });
    return {
      engine: 'postgres',
      events,
      userData,
      observations,
      auth: postgresAuthStores(database, log),
      async close() {
        await events.close();
        await userData.close();
        await observations.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
