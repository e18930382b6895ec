import { randomBytes } from 'node:crypto';
import type { AuthStores } from '@/server/auth/auth-database';
import type { Logger } from '@/server/logger';
import { PostgresAccountStore } from './postgres-account-store';
import { PostgresAuditStore } from './postgres-audit-store';
import type { PostgresDatabase } from './postgres-database';
import { PostgresSessionTable } from './postgres-session-store';
import { PostgresSignInFailureStore } from './postgres-sign-in-failure-store';

/** Accounts, sessions, sign-in counts and the audit log on the shared database. The pool belongs to `database`. */
export function postgresAuthStores(database: PostgresDatabase, log: Logger, now: () => number = Date.now): AuthStores {
  const { pool } = database;
  return {
    engine: 'postgres',
    accounts: new PostgresAccountStore(pool, now),
    sessions: new PostgresSessionTable(pool),
    signInFailures: new PostgresSignInFailureStore(pool),
    audit: new PostgresAuditStore(pool, log, now),
    async sessionSecret(configured) {
      if (configured) return Buffer.from(configured, 'utf8');
      // Every replica must hash session ids with the same key: the first one to start stores it, the rest read it.
      await pool.query('INSERT INTO session_secret (only_row, secret) VALUES (true, $1) ON CONFLICT (only_row) DO NOTHING', [randomBytes(32).toString('hex')]);
      const row = (await pool.query<{ secret: string }>('SELECT secret FROM session_secret')).rows[0];
      if (!row) throw new Error('the session key row is missing right after it was written');
      return Buffer.from(row.secret, 'hex');
    },
    async close() {},
  };
}
