import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ROLE } from '@/contract/roles';
import { AccountNameTakenError, toAccount, type Account, type AccountRow, type AccountStore, type NewAccount } from '@/server/auth/account-store';
import type { Role } from '@/server/http/principal';

const UNIQUE_VIOLATION = '23505';

/** The accounts table on the shared database (migration 0004-accounts). */
export class PostgresAccountStore implements AccountStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number,
  ) {}

  async findByName(name: string): Promise<Account | null> {
    const row = (await this.pool.query<AccountRow>('SELECT * FROM accounts WHERE lower(name) = lower($1)', [name])).rows[0];
    return row ? toAccount(row) : null;
  }

  async findById(id: string): Promise<Account | null> {
    const row = (await this.pool.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id])).rows[0];
    return row ? toAccount(row) : null;
  }

  async list(): Promise<Account[]> {
    return (await this.pool.query<AccountRow>('SELECT * FROM accounts ORDER BY lower(name), name')).rows.map(toAccount);
  }

  async count(): Promise<number> {
    return Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM accounts')).rows[0]?.n ?? 0);
  }

  async countEnabledAdmins(): Promise<number> {
    return Number(
      (await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM accounts WHERE role = $1 AND disabled_at IS NULL', [ROLE.admin])).rows[0]?.n ?? 0,
    );
  }

  async create(input: NewAccount): Promise<Account> {
    const now = this.now();
    try {
      const row = (
        await this.pool.query<AccountRow>(
          `INSERT INTO accounts (id, name, role, password_hash, must_change_password, disabled_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, NULL, $6, $6) RETURNING *`,
          [`acct_${randomUUID()}`, input.name, input.role, input.passwordHash, input.mustChangePassword ?? false, now],
        )
      ).rows[0];
      if (!row) throw new Error('account vanished right after it was created');
      return toAccount(row);
    } catch (error) {
      // Two replicas (or a replica and the users command) creating one name: the unique index decides.
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw new AccountNameTakenError(input.name);
      throw error;
    }
  }

  async setRole(id: string, role: Role): Promise<void> {
    await this.pool.query('UPDATE accounts SET role = $1, updated_at = $2 WHERE id = $3', [role, this.now(), id]);
  }

  async setPassword(id: string, passwordHash: string, mustChangePassword: boolean): Promise<void> {
    await this.pool.query('UPDATE accounts SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4', [
      passwordHash,
      mustChangePassword,
      this.now(),
      id,
    ]);
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    const now = this.now();
    await this.pool.query('UPDATE accounts SET disabled_at = $1, updated_at = $2 WHERE id = $3', [disabled ? now : null, now, id]);
  }
}
