import { afterEach, describe, expect, it } from 'vitest';
import type { AuditListResponse } from '@/contract/audit';
import { AccountCommands } from '@/server/auth/account-commands';
import { createLogger } from '@/server/logger';
import { TEST_HASH_PARAMS, cookieFrom, signIn, spaHeaders, startAuthTestServer, type AuthTestServer } from '@/server/testing/auth-test-server';
import { createTestDatabase } from '@/server/testing/postgres-test-database';
import { postgresAuthStores } from './postgres-auth-stores';
import { connectPostgres, type PostgresDatabase } from './postgres-database';

/** Replicas as the balancer sees them: separate servers with their own data dirs, one PostgreSQL database. */
describe('sign-in across replicas on PostgreSQL', () => {
  const log = createLogger({ write: () => undefined });
  const servers: AuthTestServer[] = [];
  const databases: PostgresDatabase[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    for (const database of databases.splice(0)) await database.close();
  });

  async function replica(url: string) {
    const database = await connectPostgres({ url, log, maxConnections: 4 });
    databases.push(database);
    const stores = postgresAuthStores(database, log);
    const server = await startAuthTestServer({ stores, embedded: false, auth: { bootstrapAdmin: { name: 'root-admin', password: 'first-admin-password' } } });
    servers.push(server);
    return { server, commands: new AccountCommands(stores, { name: 'test-setup', requestId: 'test' }, TEST_HASH_PARAMS) };
  }

  const whoAmI = async (baseUrl: string, cookie: string) => (await fetch(`${baseUrl}/api/session`, { headers: { cookie } })).status;

  it('honours a session on every replica, ends it everywhere at sign-out or disable, and keeps one audit log', async () => {
    const url = await createTestDatabase('auth_replicas');
    const [a, b, c] = await Promise.all([replica(url), replica(url), replica(url)]);
    await a.commands.add('alice', 'operator', 'alice-password-1');

    const cookie = cookieFrom(await signIn(b.server.baseUrl, 'alice', 'alice-password-1'))!;
    expect(cookie).toBeTruthy();
    for (const { server } of [a, b, c]) expect(await whoAmI(server.baseUrl, cookie)).toBe(200);

    const out = await fetch(`${c.server.baseUrl}/api/session`, { method: 'DELETE', headers: spaHeaders(c.server.baseUrl, cookie) });
    expect(out.status).toBe(200);
    for (const { server } of [a, b, c]) expect(await whoAmI(server.baseUrl, cookie)).toBe(401);

    const again = cookieFrom(await signIn(a.server.baseUrl, 'alice', 'alice-password-1'))!;
    expect(await whoAmI(c.server.baseUrl, again)).toBe(200);
    await b.commands.disable('alice');
    for (const { server } of [a, b, c]) expect(await whoAmI(server.baseUrl, again)).toBe(401);

    const admin = cookieFrom(await signIn(c.server.baseUrl, 'root-admin', 'first-admin-password'))!;
    const audit = (await (await fetch(`${a.server.baseUrl}/api/audit?limit=50`, { headers: { cookie: admin } })).json()) as AuditListResponse;
    // The bootstrap admin is created once however many replicas start; every replica's entries are in the one log.
    expect(audit.entries.filter((entry) => entry.action === 'account.created' && entry.subject === 'root-admin')).toHaveLength(1);
    expect(audit.entries.map((entry) => entry.action).reverse()).toEqual([
      'account.created',
      'account.created',
      'session.signed_in',
      'session.signed_out',
      'session.signed_in',
      'account.disabled',
      'session.signed_in',
    ]);
  });

  it('counts wrong passwords together, so spreading them over replicas gets no more guesses', async () => {
    const url = await createTestDatabase('auth_replicas_throttle');
    const replicas = await Promise.all([replica(url), replica(url), replica(url)]);
    await replicas[0]!.commands.add('alice', 'operator', 'alice-password-1');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const { server } = replicas[i % 3]!;
      statuses.push((await signIn(server.baseUrl, 'alice', 'wrong-password')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
