import { ACCOUNT_NAME_PATTERN } from '@/contract/limits';
import { ROLE } from '@/contract/roles';
import type { AuditAction } from '../audit/audit-entry';
import { AccountNameTakenError, type Account } from './account-store';
import type { AuthStores } from './auth-database';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from './password-hash';
import { newPasswordProblem } from './password-policy';
import { ROLES, type Role } from '../http/principal';

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
  constructor(
    private readonly stores: Pick<AuthStores, 'accounts' | 'sessions' | 'signInFailures' | 'audit'>,
    private readonly actor: { name: string; requestId: string },
    private readonly hashParams: ScryptParams = DEFAULT_SCRYPT_PARAMS,
  ) {}

  private get accounts() {
    return this.stores.accounts;
  }

  private record(action: AuditAction, subject: string, detail: string | null = null): Promise<void> {
    return this.stores.audit.record({
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

  private async existing(name: string): Promise<Account> {
    const account = await this.accounts.findByName(name);
    if (!account) throw new AccountCommandError(`There is no account named ${name}.`);
    return account;
  }

  private async assertNotLastAdmin(account: Account, change: string): Promise<void> {
    if (account.role === ROLE.admin && !account.disabled && (await this.accounts.countEnabledAdmins()) <= 1) {
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
    if (await this.accounts.findByName(name)) throw new AccountCommandError(`An account named ${name} already exists.`);
    this.checkPassword(password, name);
    try {
      const account = await this.accounts.create({ name, role, passwordHash: await hashPassword(password, this.hashParams) });
      await this.record('account.created', account.name, `role=${role}`);
      return account;
    } catch (error) {
      // Someone else created the same name while the password was being hashed.
      if (error instanceof AccountNameTakenError) throw new AccountCommandError(error.message);
      throw error;
    }
  }

  async list(): Promise<AccountSummary[]> {
    return (await this.accounts.list()).map((account) => ({
      name: account.name,
      role: account.role,
      status: account.disabled ? 'disabled' : account.mustChangePassword ? 'must change password' : 'active',
      createdAt: new Date(account.createdAt).toISOString(),
    }));
  }

  async setRole(name: string, role: Role): Promise<Account> {
    const account = await this.existing(name);
    if (account.role === role) return account;
    if (role !== ROLE.admin) await this.assertNotLastAdmin(account, 'changing its role');
    await this.accounts.setRole(account.id, role);
    await this.record('account.role_changed', account.name, `${account.role} -> ${role}`);
    return this.existing(name);
  }

  /** `temporary`: the person must choose a new password at their next sign-in. */
  async resetPassword(name: string, password: string, temporary = false): Promise<void> {
    const account = await this.existing(name);
    this.checkPassword(password, account.name);
    await this.accounts.setPassword(account.id, await hashPassword(password, this.hashParams), temporary);
    const ended = await this.stores.sessions.deleteForAccount(account.id);
    // The guesses were against the old password: the owner must not stay locked out of the new one.
    const unlocked = await this.stores.signInFailures.clearName(account.name.toLowerCase());
    await this.record('account.password_reset', account.name, `${temporary ? 'one-time; ' : ''}sessions ended=${ended}; sign-in locks cleared=${unlocked}`);
  }

  /**
   * Clears the sign-in failure counts and locks of a name, from every address (address-wide locks
   * stay: they are about the address, not the account). Works for names without an account too,
   * since failures are counted for any name. Returns how many counts were cleared.
   */
  async unlock(name: string): Promise<number> {
    const account = await this.accounts.findByName(name);
    const cleared = await this.stores.signInFailures.clearName((account?.name ?? name).toLowerCase());
    if (account) await this.record('account.enabled', account.name, `sign-in locks cleared=${cleared}`);
    return cleared;
  }

  async disable(name: string): Promise<void> {
    const account = await this.existing(name);
    if (account.disabled) return;
    await this.assertNotLastAdmin(account, 'disabling it');
    await this.accounts.setDisabled(account.id, true);
    const ended = await this.stores.sessions.deleteForAccount(account.id);
    await this.record('account.disabled', account.name, `sessions ended=${ended}`);
  }

  async enable(name: string): Promise<void> {
    const account = await this.existing(name);
    if (!account.disabled) return;
    await this.accounts.setDisabled(account.id, false);
    await this.record('account.enabled', account.name);
  }
}
