import { AccountCommands } from '../../src/server/auth/account-commands';
import { openAuthDatabase, sqliteAuthStores } from '../../src/server/auth/auth-database';
import { createLogger } from '../../src/server/logger';
import { E2E_ACCOUNTS, type E2eRole } from './test-accounts';

/**
 * Starts the real Runwatch server for the e2e suite, with the environment Playwright passes in.
 * First it creates the e2e accounts (one per role) in the same data directory, the way
 * `npm run users -- add` would, so specs can sign in with known passwords.
 */
const dataDir = process.env.RUNWATCH_DATA_DIR;
if (!dataDir) throw new Error('RUNWATCH_DATA_DIR must be set for the e2e server (playwright.config.ts sets it)');

const log = createLogger({ level: 'warn', write: (line) => process.stderr.write(line + '\n') });
const stores = sqliteAuthStores(openAuthDatabase(dataDir, log), dataDir, log);
try {
  const accounts = new AccountCommands(stores, { name: 'e2e-setup', requestId: 'e2e-setup' });
  const existing = new Set((await accounts.list()).map((account) => account.name));
  for (const [role, account] of Object.entries(E2E_ACCOUNTS) as Array<[E2eRole, { name: string; password: string }]>) {
    if (!existing.has(account.name)) await accounts.add(account.name, role, account.password);
  }
} finally {
  await stores.close();
}

await import('../../src/server/main');
