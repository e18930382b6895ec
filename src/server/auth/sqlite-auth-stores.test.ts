import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../logger';
import { describeAuthStores } from '../store/auth-store-suite';
import { openAuthDatabase, sqliteAuthStores } from './auth-database';

describeAuthStores('SQLite', {
  newPlace: async () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-auth-stores-')), 'data'),
  open: async (dataDir, now) => sqliteAuthStores(openAuthDatabase(dataDir, silentLogger), dataDir, silentLogger, now),
});
