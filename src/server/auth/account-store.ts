import { ROLE } from '@/contract/roles';
import { ROLES, type Role } from '../http/principal';

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

export interface NewAccount {
  name: string;
  role: Role;
  passwordHash: string;
  mustChangePassword?: boolean;
}

export class AccountNameTakenError extends Error {
  constructor(name: string) {
    super(`An account named ${name} already exists.`);
    this.name = 'AccountNameTakenError';
  }
}

/**
 * The `accounts` table, on either engine (sqlite-account-store.ts, postgres/postgres-account-store.ts).
 * Names are unique regardless of letter case.
 */
export interface AccountStore {
  findByName(name: string): Promise<Account | null>;
  findById(id: string): Promise<Account | null>;
  /** Every account, by name regardless of case. */
  list(): Promise<Account[]>;
  count(): Promise<number>;
  countEnabledAdmins(): Promise<number>;
  /** Throws AccountNameTakenError when the name is taken in any letter case. */
  create(input: NewAccount): Promise<Account>;
  setRole(id: string, role: Role): Promise<void>;
  setPassword(id: string, passwordHash: string, mustChangePassword: boolean): Promise<void>;
  setDisabled(id: string, disabled: boolean): Promise<void>;
}

/** An `accounts` row as both engines store it (times in epoch milliseconds). */
export interface AccountRow {
  id: string;
  name: string;
  role: string;
  password_hash: string;
  must_change_password: number | boolean;
  disabled_at: number | string | null;
  created_at: number | string;
  updated_at: number | string;
}

function toRole(value: string): Role {
  // The CHECK constraint keeps other values out; this guards against a hand-edited row.
  return (ROLES as readonly string[]).includes(value) ? (value as Role) : ROLE.viewer;
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    role: toRole(row.role),
    passwordHash: row.password_hash,
    mustChangePassword: row.must_change_password === 1 || row.must_change_password === true,
    disabled: row.disabled_at !== null,
    // PostgreSQL returns BIGINT as text.
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
