import { createLogger } from '@/server/logger';
import { postgresTestPlaces } from '@/server/testing/postgres-test-database';
import { describeAuthStores } from '../auth-store-suite';
import { postgresAuthStores } from './postgres-auth-stores';
import { connectPostgres } from './postgres-database';

describeAuthStores('PostgreSQL', {
  ...postgresTestPlaces('auth'),
  open: async (url, now) => {
    const log = createLogger({ write: () => undefined });
    const database = await connectPostgres({ url, log, maxConnections: 4 });
    const stores = postgresAuthStores(database, log, now);
    return {
      ...stores,
      async close() {
        await stores.close();
        await database.close();
      },
    };
  },
});
