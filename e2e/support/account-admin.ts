import { AccountCommands } from '../../src/server/auth/account-commands';
import { openAuthDatabase, sqliteAuthStores } from '../../src/server/auth/auth-database';
import { createLogger } from '../../src/server/logger';

/**
 * Manages accounts of the running e2e server the way `npm run users -- …` does: directly in its
 * data directory (playwright.config.ts shares it with every worker through the environment).
 */
export async function withAccountCommands<T>(work: (accounts: AccountCommands) => Promise<T>): Promise<T> {
  const dataDir = process.env.RUNWATCH_E2E_DATA_DIR;
  if (!dataDir) throw new Error('RUNWATCH_E2E_DATA_DIR is not set (playwright.config.ts sets it)');
  const log = createLogger({ level: 'warn', write: (line) => process.stderr.write(line + '\n') });
  const stores = sqliteAuthStores(openAuthDatabase(dataDir, log), dataDir, log);
  try {
    return await work(new AccountCommands(stores, { name: 'e2e-admin-task', requestId: 'e2e-admin-task' }));
  } finally {
    await stores.close();
  }
}

/** Creates the account when it does not exist yet (specs may run more than once per server). */
export async function ensureAccount(name: string, role: 'viewer' | 'operator' | 'admin', password: string): Promise<void> {
  await withAccountCommands(async (accounts) => {
    if (!(await accounts.list()).some((account) => account.name === name)) await accounts.add(name, role, password);
  });
}
