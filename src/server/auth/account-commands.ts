import type Database from 'better-sqlite3';
import { ACCOUNT_NAME_PATTERN } from '../../contract/session';
import type { AuditAction, AuditSink } from '../audit/audit-entry';
import { AccountNameTakenError, AccountStore, type Account } from './account-store';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from './password-hash';
import { newPasswordProblem } from './password-policy';
import { ROLES, type Role } from './principal';
import { endAllSessions } from './session-store';
import { clearSignInLocks } from './sign-in-throttle';

/** A command that cannot be carried out; the message is meant for the person who typed it. */
export class AccountCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountCommandError';
  }
}

export interface AccountSummary {
  name: string;
  role: Role;
  status: 'active' | 'disabled' | 'must change password';
  createdAt: string;
}

export function parseRole(value: string | undefined): Role {
  if (value && (ROLES as readonly string[]).includes(value)) return value as Role;
  throw new AccountCommandError(`The role must be one of ${ROLES.join(', ')}.`);
}

/**
 * Account management shared by the `users` command and test setup. Every change is written to
 * the audit log under the given actor; ending sessions goes with disabling or resetting a password,
 * so a change takes effect at once rather than at the next sign-in.
 */
export class AccountCommands {
  private readonly accounts: AccountStore;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: AuditSink,
    private readonly actor: { name: string; requestId: string },
    now: () => number = Date.now,
    private readonly hashParams: ScryptParams = DEFAULT_SCRYPT_PARAMS,
  ) {
    this.accounts = new AccountStore(db, now);
  }

  private record(action: AuditAction, subject: string, detail: string | null = null): void {
    this.audit.record({
      action,
      outcome: 'accepted',
      actor: this.actor.name,
      actorRole: null,
      subject,
      address: null,
      requestId: this.actor.requestId,
      detail,
    });
  }

  private existing(name: string): Account {
    const account = this.accounts.findByName(name);
    if (!account) throw new AccountCommandError(`There is no account named ${name}.`);
    return account;
  }

  private assertNotLastAdmin(account: Account, change: string): void {
    if (account.role === 'admin' && !account.disabled && this.accounts.countEnabledAdmins() <= 1) {
      throw new AccountCommandError(`${account.name} is the only active admin; ${change} would leave nobody able to manage accounts.`);
    }
  }

  private checkPassword(password: string, name: string): void {
    const problem = newPasswordProblem(password, name);
    if (problem) throw new AccountCommandError(problem);
  }

  async add(name: string, role: Role, password: string): Promise<Account> {
    if (!ACCOUNT_NAME_PATTERN.test(name)) {
      throw new AccountCommandError('Account names use letters, digits and . _ @ - (at most 64 characters).');
    }
    if (this.accounts.findByName(name)) throw new AccountCommandError(`An account named ${name} already exists.`);
    this.checkPassword(password, name);
    try {
      const account = this.accounts.create({ name, role, passwordHash: await hashPassword(password, this.hashParams) });
      this.record('account.created', account.name, `role=${role}`);
      return account;
    } catch (error) {
      // Someone else created the same name while the password was being hashed.
      if (error instanceof AccountNameTakenError) throw new AccountCommandError(error.message);
      throw error;
    }
  }

  list(): AccountSummary[] {
    return this.accounts.list().map((account) => ({
      name: account.name,
      role: account.role,
      status: account.disabled ? 'disabled' : account.mustChangePassword ? 'must change password' : 'active',
      createdAt: new Date(account.createdAt).toISOString(),
    }));
  }

  setRole(name: string, role: Role): Account {
    const account = this.existing(name);
    if (account.role === role) return account;
    if (role !== 'admin') this.assertNotLastAdmin(account, 'changing its role');
    this.accounts.setRole(account.id, role);
    this.record('account.role_changed', account.name, `${account.role} -> ${role}`);
    return this.existing(name);
  }

  /** `temporary`: the person must choose a new password at their next sign-in. */
  async resetPassword(name: string, password: string, temporary = false): Promise<void> {
    const account = this.existing(name);
    this.checkPassword(password, account.name);
    this.accounts.setPassword(account.id, await hashPassword(password, this.hashParams), temporary);
    const ended = endAllSessions(this.db, account.id);
    // The guesses were against the old password: the owner must not stay locked out of the new one.
    const unlocked = clearSignInLocks(this.db, account.name);
    this.record('account.password_reset', account.name, `${temporary ? 'one-time; ' : ''}sessions ended=${ended}; sign-in locks cleared=${unlocked}`);
  }

  /**
   * Clears the sign-in failure counts and locks of a name, from every address (address-wide locks
   * stay: they are about the address, not the account). Works for names without an account too,
   * since failures are counted for any name. Returns how many counts were cleared.
   */
  unlock(name: string): number {
    const account = this.accounts.findByName(name);
    const cleared = clearSignInLocks(this.db, account?.name ?? name);
    if (account) this.record('account.enabled', account.name, `sign-in locks cleared=${cleared}`);
    return cleared;
  }

  disable(name: string): void {
    const account = this.existing(name);
    if (account.disabled) return;
    this.assertNotLastAdmin(account, 'disabling it');
    this.accounts.setDisabled(account.id, true);
    const ended = endAllSessions(this.db, account.id);
    this.record('account.disabled', account.name, `sessions ended=${ended}`);
  }

  enable(name: string): void {
    const account = this.existing(name);
    if (!account.disabled) return;
    this.accounts.setDisabled(account.id, false);
    this.record('account.enabled', account.name);
  }
}
