import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ROLE } from '@/contract/roles';
import { AccountNameTakenError, toAccount, type Account, type AccountRow, type AccountStore, type NewAccount } from './account-store';
import type { Role } from '../http/principal';

/** The accounts table of accounts.sqlite (auth-database.ts). */
export class SqliteAccountStore implements AccountStore {
  // Every signed-in request looks its account up: the lookups are prepared once, on first use.
  #byName?: Database.Statement<[string], AccountRow>;
  #byId?: Database.Statement<[string], AccountRow>;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {}

  private findByNameNow(name: string): Account | null {
    this.#byName ??= this.db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE name = ?');
    const row = this.#byName.get(name);
    return row ? toAccount(row) : null;
  }

  private findByIdNow(id: string): Account | null {
    this.#byId ??= this.db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE id = ?');
    const row = this.#byId.get(id);
    return row ? toAccount(row) : null;
  }

  async findByName(name: string): Promise<Account | null> {
    return this.findByNameNow(name);
  }

  async findById(id: string): Promise<Account | null> {
    return this.findByIdNow(id);
  }

  async list(): Promise<Account[]> {
    const rows = this.db.prepare('SELECT * FROM accounts ORDER BY name COLLATE NOCASE').all() as AccountRow[];
    return rows.map(toAccount);
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;
  }

  async countEnabledAdmins(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM accounts WHERE role = ? AND disabled_at IS NULL').get(ROLE.admin) as { n: number }).n;
  }

  async create(input: NewAccount): Promise<Account> {
    if (this.findByNameNow(input.name)) throw new AccountNameTakenError(input.name);
    const now = this.now();
    const id = `acct_${randomUUID()}`;
    this.db
      .prepare(
        `INSERT INTO accounts (id, name, role, password_hash, must_change_password, disabled_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, NULL, ?, ?)`,
      )
      .run(id, input.name, input.role, input.passwordHash, input.mustChangePassword ? 1 : 0, now, now);
    const created = this.findByIdNow(id);
    if (!created) throw new Error('account vanished right after it was created');
    return created;
  }

  async setRole(id: string, role: Role): Promise<void> {
    this.db.prepare('UPDATE accounts SET role = ?, updated_at = ? WHERE id = ?').run(role, this.now(), id);
  }

  async setPassword(id: string, passwordHash: string, mustChangePassword: boolean): Promise<void> {
    this.db
      .prepare('UPDATE accounts SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?')
      .run(passwordHash, mustChangePassword ? 1 : 0, this.now(), id);
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    const now = this.now();
    this.db.prepare('UPDATE accounts SET disabled_at = ?, updated_at = ? WHERE id = ?').run(disabled ? now : null, now, id);
  }
}
