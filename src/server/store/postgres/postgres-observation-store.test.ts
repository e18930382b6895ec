import pg from 'pg';
import { createLogger } from '@/server/logger';
import { postgresTestPlaces } from '@/server/testing/postgres-test-database';
import { describeObservationStore } from '../observation-store-suite';
import { connectPostgres } from './postgres-database';
import { openPostgresObservationStore } from './postgres-observation-store';

describeObservationStore('PostgreSQL', {
  ...postgresTestPlaces('observations'),
  open: async (url, logs) => {
    const log = createLogger({ write: (line) => logs.push(line) });
    const database = await connectPostgres({ url, log, maxConnections: 4 });
    const store = await openPostgresObservationStore({ database, log });
    return {
      ...store,
      async close() {
        await store.close();
        await database.close();
      },
    };
  },
  storedRequestIds: async (url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const result = await client.query<{ n: string }>('SELECT count(*) AS n FROM observed_request_ids');
      return Number(result.rows[0]?.n);
    } finally {
      await client.end();
    }
  },
});
