import { ACCOUNT_NAME_PATTERN } from '../../contract/session';
import type { Account, AccountStore } from './account-store';
import { HashingBusyError, createDummyHash, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './password-hash';
import { newPasswordProblem } from './password-policy';
import type { SignInThrottle } from './sign-in-throttle';

export type SignInResult =
  | { kind: 'signed_in'; account: Account; passwordChanged: boolean }
  /** Wrong name, wrong password or disabled account: callers must answer all three the same way. */
  | { kind: 'invalid'; reason: 'unknown_account' | 'bad_password' | 'disabled' }
  | { kind: 'locked'; retryAfterMs: number }
  /** Too many sign-ins are waiting for a password check; nothing was checked or counted. */
  | { kind: 'busy' }
  /** The password was right but is a one-time password: the caller must send a new one. */
  | { kind: 'password_change_required'; account: Account }
  | { kind: 'weak_password'; account: Account; message: string };

/**
 * Checks a name and password. Every attempt that is not locked out costs exactly one scrypt
 * verification — against a dummy hash when the name is unknown — so the answer and its timing do
 * not reveal which names exist.
 */
export class SignInService {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly accounts: AccountStore,
    private readonly throttle: SignInThrottle,
    private readonly hashParams: ScryptParams,
  ) {}

  private getDummyHash(): Promise<string> {
    // A failed attempt is forgotten, so the next sign-in tries again instead of failing forever.
    this.dummyHash ??= createDummyHash(this.hashParams).catch((error: unknown) => {
      this.dummyHash = null;
      throw error;
    });
    return this.dummyHash;
  }

  /** Makes the dummy hash now, so the first unknown name does not pay for it (and stand out by it). */
  warmUp(): Promise<void> {
    return this.getDummyHash().then(() => undefined);
  }

  async signIn(input: { name: string; password: string; newPassword?: string | undefined; address: string | null }): Promise<SignInResult> {
    const retryAfterMs = this.throttle.retryAfterMs(input.name, input.address);
    if (retryAfterMs > 0) return { kind: 'locked', retryAfterMs };

    const account = ACCOUNT_NAME_PATTERN.test(input.name) ? this.accounts.findByName(input.name) : null;
    let passwordMatches: boolean;
    try {
      // The queue check comes before anything depends on the account, so "busy" says nothing about it.
      passwordMatches = await verifyPassword(input.password, account?.passwordHash ?? (await this.getDummyHash()), 'refuse');
    } catch (error) {
      if (error instanceof HashingBusyError) return { kind: 'busy' };
      throw error;
    }

    if (!account || !passwordMatches || account.disabled) {
      this.throttle.recordFailure(input.name, input.address);
      return { kind: 'invalid', reason: !account ? 'unknown_account' : account.disabled && passwordMatches ? 'disabled' : 'bad_password' };
    }

    let passwordChanged = false;
    if (account.mustChangePassword) {
      if (input.newPassword === undefined) return { kind: 'password_change_required', account };
      const problem =
        newPasswordProblem(input.newPassword, account.name) ??
        (input.newPassword === input.password ? 'The new password must differ from the one-time password.' : null);
      if (problem) return { kind: 'weak_password', account, message: problem };
      this.accounts.setPassword(account.id, await hashPassword(input.newPassword, this.hashParams), false);
      passwordChanged = true;
    } else if (needsRehash(account.passwordHash, this.hashParams)) {
      // Stored before the parameters were raised: upgrade while the plain password is at hand.
      this.accounts.setPassword(account.id, await hashPassword(input.password, this.hashParams), false);
    }

    this.throttle.recordSuccess(input.name);
    return { kind: 'signed_in', account: this.accounts.findById(account.id) ?? account, passwordChanged };
  }
}
