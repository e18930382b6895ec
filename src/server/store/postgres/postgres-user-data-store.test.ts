import { createLogger } from '@/server/logger';
import { postgresTestPlaces } from '@/server/testing/postgres-test-database';
import { describeUserDataStore } from '../user-data-store-suite';
import { connectPostgres } from './postgres-database';
import { openPostgresUserDataStore } from './postgres-user-data-store';

describeUserDataStore('PostgreSQL', {
  ...postgresTestPlaces('user_data'),
  open: async (url) => {
    const database = await connectPostgres({ url, log: createLogger({ write: () => undefined }), maxConnections: 4 });
    const store = openPostgresUserDataStore({ database });
    return {
      ...store,
      async close() {
        await store.close();
        await database.close();
      },
    };
  },
});
