import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { AppEnv } from '../app-env';
import { createLogger } from '../logger';
import { requestContext } from '../middleware/request-context';
import { openSharedStores, type SharedStores } from '../store/postgres/shared-stores';
import { createTestDatabase } from '../testing/postgres-test-database';
import { healthRoutes } from './health-routes';
import { expectApiError } from '../testing/api-envelope';
import { answerError } from '../http/answer-error';

/** `/readyz` on PostgreSQL over real HTTP: ready while the database answers, 503 while it refuses connections, ready again after. */

const logs: string[] = [];
let stores: SharedStores;
let server: Server;
let url: string;
let database: string;
let clock = 0;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  const databaseUrl = await createTestDatabase('ready');
  database = new URL(databaseUrl).pathname.slice(1);
  const log = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  stores = await openSharedStores({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-ready-')), databaseUrl, log });
  const app = new Hono<AppEnv>();
  app.use('*', requestContext(log));
  app.onError(answerError);
  // The clock moves past the reuse window before each probe, so every probe checks again.
  for (const route of healthRoutes({ isDraining: () => false, store: stores.events, now: () => (clock += 5_000) })) app.get(route.path, route.handler);
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise<void>((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await admin(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`).catch(() => {});
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await stores.close();
});

describe('GET /readyz on PostgreSQL', () => {
  it('follows the database: 503 while it refuses connections, ready again once it takes them', async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    await admin(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`);
    const down = await fetch(`${url}/readyz`);
    const error = await expectApiError(down, { status: 503, code: 'not_ready' });
    expect(error.details).toMatchObject({ store: { state: 'failing' } });
    expect(error.message).not.toContain(database);
    expect(logs.some((line) => line.includes('not ready: the store does not answer'))).toBe(true);

    await admin(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });
});
