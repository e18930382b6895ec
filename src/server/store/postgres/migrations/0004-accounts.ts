import { ROLE_CHECK_LIST } from '@/server/store/role-check-sql';
import type { PostgresMigration } from '../migrate';

/**
 * Accounts, sessions, sign-in counts and the audit log (the tables of accounts.sqlite,
 * src/server/auth/auth-database.ts), shared by every replica. Times are epoch milliseconds as there.
 */
export const accountsMigration: PostgresMigration = {
  version: 4,
  name: 'accounts',
  sql: `
    CREATE TABLE accounts (
      id TEXT COLLATE "C" PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN (${ROLE_CHECK_LIST})),
      password_hash TEXT NOT NULL,
      must_change_password BOOLEAN NOT NULL DEFAULT false,
      disabled_at BIGINT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    -- Names are unique regardless of letter case, as in SQLite's COLLATE NOCASE.
    CREATE UNIQUE INDEX accounts_by_name ON accounts (lower(name));

    -- id_hash is an HMAC of the cookie value: a copy of this table does not let anyone sign in.
    CREATE TABLE sessions (
      id_hash TEXT COLLATE "C" PRIMARY KEY,
      account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      created_at BIGINT NOT NULL,
      last_seen_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      address TEXT
    );
    CREATE INDEX sessions_by_account ON sessions (account_id);

    -- The session key when RUNWATCH_SESSION_SECRET is not set: one row, made by the first replica.
    CREATE TABLE session_secret (
      only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
      secret TEXT NOT NULL
    );

    CREATE TABLE sign_in_failures (
      key TEXT COLLATE "C" PRIMARY KEY,
      name TEXT COLLATE "C",
      failures INTEGER NOT NULL,
      last_failure_at BIGINT NOT NULL,
      locked_until BIGINT NOT NULL
    );
    CREATE INDEX sign_in_failures_by_name ON sign_in_failures (name);

    CREATE TABLE sign_in_known_addresses (
      name TEXT COLLATE "C" NOT NULL,
      address TEXT COLLATE "C" NOT NULL,
      last_success_at BIGINT NOT NULL,
      PRIMARY KEY (name, address)
    );

    CREATE TABLE audit_log (
      id BIGSERIAL PRIMARY KEY,
      at BIGINT NOT NULL,
      action TEXT NOT NULL,
      outcome TEXT NOT NULL,
      actor TEXT,
      actor_role TEXT,
      run_id TEXT COLLATE "C",
      subject TEXT,
      address TEXT,
      request_id TEXT NOT NULL,
      upstream_request_id TEXT,
      detail TEXT
    );
    CREATE INDEX audit_by_run ON audit_log (run_id, id);
    CREATE INDEX audit_by_actor ON audit_log (lower(actor), id);
    CREATE INDEX audit_by_time ON audit_log (at);
  `,
};
