import { createLogger } from '@/server/logger';
import { postgresTestPlaces } from '@/server/testing/postgres-test-database';
import { describeEventStore } from '../event-store-suite';
import { connectPostgres } from './postgres-database';
import { openPostgresEventStore } from './postgres-event-store';

const quietLog = () => createLogger({ write: () => undefined });

describeEventStore('PostgreSQL', {
  ...postgresTestPlaces('event_store'),
  open: async (url, { now }) => {
    const database = await connectPostgres({ url, log: quietLog(), maxConnections: 4 });
    const store = await openPostgresEventStore({ database, log: quietLog(), now, pruneIntervalMs: 0 });
    return {
      ...store,
      async close() {
        await store.close();
        await database.close();
      },
    };
  },
});
