import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../contract/session';

/**
 * What a new password must satisfy. Length is what makes a password hard to guess, so that is the
 * rule (NIST SP 800-63B), plus the obvious: not the account name.
 * Returns a message saying what is wrong, or null when the password is acceptable.
 */
export function newPasswordProblem(password: string, accountName: string): string | null {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH) return `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`;
  if (password.trim().toLowerCase() === accountName.toLowerCase()) return 'The password must not be the account name.';
  return null;
}
