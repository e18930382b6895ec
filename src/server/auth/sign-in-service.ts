import { API_ERROR } from '@/contract/api-errors';
import { ACCOUNT_NAME_PATTERN } from '@/contract/limits';
import type { Account, AccountStore } from './account-store';
import { HashingBusyError, createDummyHash, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './password-hash';
import { newPasswordProblem } from './password-policy';
import type { AttemptOutcome, ReservedAttempt, SignInThrottle } from './sign-in-throttle';
import { metrics } from '../metrics/metrics';

export type SignInResult =
  | { kind: 'signed_in'; account: Account; passwordChanged: boolean }
  /** Wrong name, wrong password or disabled account: callers must answer all three the same way. */
  | { kind: 'invalid'; reason: 'unknown_account' | 'bad_password' | 'disabled' }
  /** `firstRefusal`: the first refusal under this lock; later ones need no audit entry of their own. */
  | { kind: 'locked'; retryAfterMs: number; firstRefusal: boolean }
  /**
   * Too many sign-ins are waiting for a password check (overall, or from this address); nothing
   * was checked. It counts against the address, so a flood throttles the flooder, not everyone.
   */
  | { kind: 'busy' }
  /** The password was right but is a one-time password: the caller must send a new one. */
  | { kind: typeof API_ERROR.password_change_required; account: Account }
  | { kind: typeof API_ERROR.weak_password; account: Account; message: string };

/**
 * Password checks one address may have running or waiting at once. The process-wide line holds
 * MAX_CONCURRENT_HASHES + MAX_WAITING_SIGN_IN_HASHES (10), so one address can never fill it, and a
 * freed slot goes to the address running fewest (see password-hash.ts).
 */
export const MAX_HASHES_PER_ADDRESS = 2;

/**
 * Checks a name and password. Every attempt that is neither locked out nor turned away as busy
 * costs exactly one scrypt verification — against a dummy hash when the name is unknown — so the
 * answer and its timing do not reveal which names exist.
 */
export class SignInService {
  private dummyHash: Promise<string> | null = null;
  /** Password checks under way per client address (running or waiting for a slot). */
  private readonly hashesByAddress = new Map<string, number>();

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
    // Counted before the password is checked, so parallel attempts cannot outrun the threshold.
    const gate = await this.throttle.begin(input.name, input.address);
    if (gate.kind === 'locked') return metrics.signIn({ kind: 'locked', retryAfterMs: gate.retryAfterMs, firstRefusal: gate.firstRefusal });
    const { attempt } = gate;

    let outcome: AttemptOutcome = 'failed';
    try {
      const result = await this.checkPassword(input, attempt);
      outcome = result.kind === 'busy' ? 'busy' : result.kind === 'invalid' ? 'failed' : 'succeeded';
      return metrics.signIn(result);
    } finally {
      // An error on the way counts as a failure: the attempt stays counted.
      await this.throttle.settle(attempt, outcome);
    }
  }

  private async checkPassword(
    input: { name: string; password: string; newPassword?: string | undefined; address: string | null },
    attempt: ReservedAttempt,
  ): Promise<SignInResult> {
    const share = attempt.address ?? 'unknown';
    const underWay = this.hashesByAddress.get(share) ?? 0;
    if (underWay >= MAX_HASHES_PER_ADDRESS) return { kind: 'busy' };
    this.hashesByAddress.set(share, underWay + 1);

    const account = ACCOUNT_NAME_PATTERN.test(input.name) ? await this.accounts.findByName(input.name) : null;
    let passwordMatches: boolean;
    try {
      // The queue check comes before anything depends on the account, so "busy" says nothing about it.
      // From an address the account signed in from lately, the attempt waits for a slot instead of
      // being turned away: a flood from many addresses (which cannot know those) does not keep
      // people out of their own accounts. The per-address share above still bounds that wait.
      const whenBusy = attempt.knownAddress ? 'wait' : 'refuse';
      passwordMatches = await verifyPassword(input.password, account?.passwordHash ?? (await this.getDummyHash()), whenBusy, share);
    } catch (error) {
      if (error instanceof HashingBusyError) return { kind: 'busy' };
      throw error;
    } finally {
      const left = (this.hashesByAddress.get(share) ?? 1) - 1;
      if (left > 0) this.hashesByAddress.set(share, left);
      else this.hashesByAddress.delete(share);
    }

    if (!account || !passwordMatches || account.disabled) {
      return { kind: 'invalid', reason: !account ? 'unknown_account' : account.disabled && passwordMatches ? 'disabled' : 'bad_password' };
    }

    let passwordChanged = false;
    if (account.mustChangePassword) {
      if (input.newPassword === undefined) return { kind: API_ERROR.password_change_required, account };
      const problem =
        newPasswordProblem(input.newPassword, account.name) ??
        (input.newPassword === input.password ? 'The new password must differ from the one-time password.' : null);
      if (problem) return { kind: API_ERROR.weak_password, account, message: problem };
      await this.accounts.setPassword(account.id, await hashPassword(input.newPassword, this.hashParams), false);
      passwordChanged = true;
    } else if (needsRehash(account.passwordHash, this.hashParams)) {
      // Stored before the parameters were raised: upgrade while the plain password is at hand.
      await this.accounts.setPassword(account.id, await hashPassword(input.password, this.hashParams), false);
    }

    return { kind: 'signed_in', account: (await this.accounts.findById(account.id)) ?? account, passwordChanged };
  }
}
