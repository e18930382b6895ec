import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { openSqliteUserDataStore, USER_DATA_FILE } from './sqlite-user-data-store';
import { describeUserDataStore } from './user-data-store-suite';

const quietLog = () => createLogger({ write: () => undefined });
const newDataDir = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-user-data-')), 'data');

describeUserDataStore('SQLite', {
  newPlace: async () => newDataDir(),
  open: async (dataDir) => openSqliteUserDataStore({ dataDir, log: quietLog() }),
});

describe('SQLite user data file', () => {
  it('lives in user-data.sqlite in the data dir, readable only by its owner', async () => {
    const dataDir = newDataDir();
    const store = openSqliteUserDataStore({ dataDir, log: quietLog() });
    await store.pin('u1', 'trun_a', new Date());
    await store.close();
    expect(store.file).toBe(path.join(dataDir, USER_DATA_FILE));
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
  });
});
