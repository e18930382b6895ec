import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { createTestDatabase } from '@/server/testing/postgres-test-database';
import { at, runEvent } from '../event-store-suite';
import { openSharedStores, type SharedStores } from './shared-stores';

const quietLog = createLogger({ write: () => undefined });

describe('shared stores', () => {
  const opened: SharedStores[] = [];
  afterEach(async () => {
    for (const stores of opened.splice(0)) await stores.close();
  });
  async function open(dataDir: string, databaseUrl: string | null) {
    const stores = await openSharedStores({ dataDir, databaseUrl, log: quietLog });
    opened.push(stores);
    return stores;
  }
  const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-shared-'));

  it('are on PostgreSQL with DATABASE_URL: two replicas with their own data dirs see one event store and one per-user store', async () => {
    const url = await createTestDatabase('shared');
    const [first, second] = await Promise.all([open(tempDir(), url), open(tempDir(), url)]);
    expect([first.engine, second.engine]).toEqual(['postgres', 'postgres']);

    await first.events.ingest([runEvent('evt_1', 'trun_a', 'running', 1)], 'webhook');
    expect(await second.events.ingest([runEvent('evt_1', 'trun_a', 'running', 1)], 'catch_up')).toMatchObject({ inserted: 0, duplicates: 1 });
    expect((await second.events.getRun('trun_a'))?.status).toBe('running');
    await second.userData.pin('u1', 'trun_a', new Date(at(2)));
    expect((await first.userData.listPins('u1')).map((pin) => pin.runId)).toEqual(['trun_a']);
  });

  it('share observations and the request ids of reads on PostgreSQL, with no observations.sqlite in the data dirs', async () => {
    const url = await createTestDatabase('shared_observations');
    const dataDirs = [tempDir(), tempDir()];
    const [first, second] = await Promise.all(dataDirs.map((dataDir) => open(dataDir, url)));
    first!.observations.recordRun(
      { runId: 'trun_a', status: 'running', upstreamStatus: 'running', upstreamUpdatedAt: at(1), runtimeMs: 10, result: null, errorCodes: [] },
      'req_first_replica',
    );
    await first!.observations.timeline('trun_a');
    expect((await second!.observations.timeline('trun_a')).entries.map((e) => e.status)).toEqual(['running']);
    expect(await second!.observations.lookupRequest('req_first_replica')).toMatchObject({ runId: 'trun_a' });
    expect(await second!.observations.isKnownRun('trun_a')).toBe(true);
    for (const dataDir of dataDirs) expect(fs.existsSync(path.join(dataDir, 'observations.sqlite'))).toBe(false);
  });

  it('are SQLite files in the data dir without DATABASE_URL', async () => {
    const dataDir = tempDir();
    const stores = await open(dataDir, null);
    expect(stores.engine).toBe('sqlite');
    await stores.events.ingest([runEvent('evt_1', 'trun_a', 'running', 1)], 'webhook');
    expect(fs.existsSync(path.join(dataDir, 'events.sqlite'))).toBe(true);
    stores.observations.recordRun({
      runId: 'trun_a',
      status: 'running',
      upstreamStatus: 'running',
      upstreamUpdatedAt: at(1),
      runtimeMs: 10,
      result: null,
      errorCodes: [],
    });
    expect(await stores.observations.isKnownRun('trun_a')).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'observations.sqlite'))).toBe(true);
  });

  it('fail to open with the reason when the database cannot be reached', async () => {
    // A port nothing listens on: the server of this test run is elsewhere.
    await expect(openSharedStores({ dataDir: tempDir(), databaseUrl: 'postgres://runwatch@127.0.0.1:1/runwatch', log: quietLog })).rejects.toThrow(
      /PostgreSQL \(DATABASE_URL\) could not be prepared: .*ECONNREFUSED/,
    );
  });
});
