import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ROLES, type Role } from './principal';

/** A local account as stored. The password hash never leaves the auth module. */
export interface Account {
  id: string;
  name: string;
  role: Role;
  passwordHash: string;
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

interface AccountRow {
  id: string;
  name: string;
  role: string;
  password_hash: string;
  must_change_password: number;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

function toRole(value: string): Role {
  // The CHECK constraint keeps other values out; this guards against a hand-edited file.
  return (ROLES as readonly string[]).includes(value) ? (value as Role) : 'viewer';
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    role: toRole(row.role),
    passwordHash: row.password_hash,
    mustChangePassword: row.must_change_password === 1,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class AccountNameTakenError extends Error {
  constructor(name: string) {
    super(`An account named ${name} already exists.`);
    this.name = 'AccountNameTakenError';
  }
}

/** Reads and writes the `accounts` table. Names are unique regardless of letter case. */
export class AccountStore {
  // Every signed-in request looks its account up: the lookups are prepared once, on first use.
  #byName?: Database.Statement<[string], AccountRow>;
  #byId?: Database.Statement<[string], AccountRow>;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {}

  findByName(name: string): Account | null {
    this.#byName ??= this.db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE name = ?');
    const row = this.#byName.get(name);
    return row ? toAccount(row) : null;
  }

  findById(id: string): Account | null {
    this.#byId ??= this.db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE id = ?');
    const row = this.#byId.get(id);
    return row ? toAccount(row) : null;
  }

  list(): Account[] {
    const rows = this.db.prepare('SELECT * FROM accounts ORDER BY name COLLATE NOCASE').all() as AccountRow[];
    return rows.map(toAccount);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
  }

  countEnabledAdmins(): number {
    return (
      this.db.prepare("SELECT count(*) AS n FROM accounts WHERE role = 'admin' AND disabled_at IS NULL").get() as { n: number }
    ).n;
  }

  create(input: { name: string; role: Role; passwordHash: string; mustChangePassword?: boolean }): Account {
    if (this.findByName(input.name)) throw new AccountNameTakenError(input.name);
    const now = this.now();
    const id = `acct_${randomUUID()}`;
    this.db
      .prepare(
        `INSERT INTO accounts (id, name, role, password_hash, must_change_password, disabled_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, NULL, ?, ?)`,
      )
      .run(id, input.name, input.role, input.passwordHash, input.mustChangePassword ? 1 : 0, now, now);
    const created = this.findById(id);
    if (!created) throw new Error('account vanished right after it was created');
    return created;
  }

  setRole(id: string, role: Role): void {
    this.db.prepare('UPDATE accounts SET role = ?, updated_at = ? WHERE id = ?').run(role, this.now(), id);
  }

  setPassword(id: string, passwordHash: string, mustChangePassword: boolean): void {
    this.db
      .prepare('UPDATE accounts SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?')
      .run(passwordHash, mustChangePassword ? 1 : 0, this.now(), id);
  }

  setDisabled(id: string, disabled: boolean): void {
    const now = this.now();
    this.db.prepare('UPDATE accounts SET disabled_at = ?, updated_at = ? WHERE id = ?').run(disabled ? now : null, now, id);
  }
}
