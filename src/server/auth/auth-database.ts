import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from '../logger';
import type { AuditStore } from '../audit/audit-store';
import { SqliteAuditStore } from '../audit/sqlite-audit-store';
import { DatabaseUnreadableError, openDatabase, type Migration } from '../store/open-database';
import { ROLE_CHECK_LIST } from '../store/role-check-sql';
import type { AccountStore } from './account-store';
import { loadSessionSecret } from './session-secret';
import type { SessionTable } from './session-store';
import type { SignInFailureStore } from './sign-in-failure-store';
import { SqliteAccountStore } from './sqlite-account-store';
import { SqliteSessionTable } from './sqlite-session-store';
import { SqliteSignInFailureStore } from './sqlite-sign-in-failure-store';

/**
 * `<dataDir>/accounts.sqlite`: accounts, sessions, sign-in throttling and the audit log. Kept apart
 * from the observation store so the two can be backed up, reset and reasoned about separately.
 */
export const AUTH_DATABASE_FILE = 'accounts.sqlite';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN (${ROLE_CHECK_LIST})),
        password_hash TEXT NOT NULL,
        -- Set for generated one-time passwords: sign-in then requires choosing a new one.
        must_change_password INTEGER NOT NULL DEFAULT 0,
        disabled_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- id_hash is an HMAC of the cookie value: a copy of this table does not let anyone sign in.
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        address TEXT
      );
      CREATE INDEX sessions_by_account ON sessions(account_id);

      CREATE TABLE sign_in_failures (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_failure_at INTEGER NOT NULL,
        locked_until INTEGER NOT NULL
      );

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        actor TEXT,
        actor_role TEXT,
        run_id TEXT,
        subject TEXT,
        address TEXT,
        request_id TEXT NOT NULL,
        upstream_request_id TEXT,
        detail TEXT
      );
      CREATE INDEX audit_by_run ON audit_log(run_id, id);
      CREATE INDEX audit_by_actor ON audit_log(actor, id);
      CREATE INDEX audit_by_time ON audit_log(at);
    `,
  },
  {
    version: 2,
    sql: `
      -- The lower-case account name a failure row counts against (null for address-only rows), so
      -- \`users unlock\` and a password reset can clear every lock on a name.
      ALTER TABLE sign_in_failures ADD COLUMN name TEXT;
      UPDATE sign_in_failures SET name = substr(key, 9) WHERE key LIKE 'account:%';
      CREATE INDEX sign_in_failures_by_name ON sign_in_failures(name);

      -- Addresses an account recently signed in from: the softer per-name lock does not apply there.
      CREATE TABLE sign_in_known_addresses (
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        last_success_at INTEGER NOT NULL,
        PRIMARY KEY (name, address)
      );
    `,
  },
];

/** accounts.sqlite exists but cannot be used; startup (and the users command) must stop. */
export class AccountsDatabaseUnreadableError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `The accounts database ${file} cannot be opened (${reason}). It holds the accounts and the audit log, ` +
        'so Runwatch will not replace it on its own. Restore it from a backup, or move it aside ' +
        `yourself (for example: mv "${file}" "${file}.broken", with its -wal and -shm files if present) ` +
        'to start again with no accounts and an empty audit log.',
    );
    this.name = 'AccountsDatabaseUnreadableError';
  }
}

export function openAuthDatabase(dataDir: string, log: Logger): Database.Database {
  const file = path.join(dataDir, AUTH_DATABASE_FILE);
  let db: Database.Database;
  try {
    // Never 'recreate': a fresh file would silently drop every account and the audit trail (and in
    // demo mode hand out new demo accounts).
    db = openDatabase(file, MIGRATIONS, log, { onCorrupt: 'fail' });
  } catch (error) {
    if (error instanceof DatabaseUnreadableError) throw new AccountsDatabaseUnreadableError(file, error.reason);
    throw error;
  }
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Accounts, sessions, sign-in counts and the audit log on one engine: accounts.sqlite here, or the
 * shared PostgreSQL database (postgres/postgres-auth-stores.ts) so every replica sees the same.
 */
export interface AuthStores {
  readonly engine: 'sqlite' | 'postgres';
  readonly accounts: AccountStore;
  readonly sessions: SessionTable;
  readonly signInFailures: SignInFailureStore;
  readonly audit: AuditStore;
  /**
   * The key session ids are hashed with: RUNWATCH_SESSION_SECRET when set, else one generated once
   * and kept with the data (the data dir's `session-secret` file; on PostgreSQL a row every replica reads).
   */
  sessionSecret(configured: string | null): Promise<Buffer>;
  close(): Promise<void>;
}

/** The stores of an open accounts.sqlite; closing them closes the database. */
export function sqliteAuthStores(db: Database.Database, dataDir: string, log: Logger, now: () => number = Date.now): AuthStores {
  return {
    engine: 'sqlite',
    accounts: new SqliteAccountStore(db, now),
    sessions: new SqliteSessionTable(db),
    signInFailures: new SqliteSignInFailureStore(db),
    audit: new SqliteAuditStore(db, log, now),
    async sessionSecret(configured) {
      return loadSessionSecret(dataDir, configured);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
