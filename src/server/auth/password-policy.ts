import { createRequire } from 'node:module';
import type * as ZxcvbnCore from '@zxcvbn-ts/core';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common';
import type * as ZxcvbnEnglish from '@zxcvbn-ts/language-en';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/contract/limits';

/**
 * What a new password must satisfy (NIST SP 800-63B): long enough, not the account name, and not
 * easy to guess — no common password, no repeated characters or keyboard runs. The guessability
 * check is zxcvbn-ts with its common and English dictionaries; they are large, so they are loaded
 * on the server only, on the first password that needs checking, and kept.
 */

/** zxcvbn's scale: 3 is "safely unguessable" (over 10^10 guesses), enough against an offline attack on a stolen hash. */
export const MIN_PASSWORD_SCORE = 3;

/**
 * zxcvbn's running time grows fast with length (seconds for a few hundred characters), so only
 * the start of a long password is judged; 40 characters that are hard to guess are plenty.
 */
const JUDGED_LENGTH = 40;

/** Shown with every refusal so people know what to do instead. */
export const PASSWORD_ADVICE = 'A few unrelated words make a good one.';

let estimator: ZxcvbnFactory | null = null;

function loadEstimator(): ZxcvbnFactory {
  if (estimator) return estimator;
  // Synchronous on purpose: the policy is also checked at startup (RUNWATCH_BOOTSTRAP_ADMIN),
  // before anything is served. The packages ship CommonJS builds.
  const require = createRequire(import.meta.url);
  const core = require('@zxcvbn-ts/core') as typeof ZxcvbnCore;
  const common = require('@zxcvbn-ts/language-common') as typeof ZxcvbnCommon;
  const en = require('@zxcvbn-ts/language-en') as typeof ZxcvbnEnglish;
  estimator = new core.ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return estimator;
}

/** Returns a message saying what is wrong with a new password, or null when it is acceptable. */
export function newPasswordProblem(password: string, accountName: string): string | null {
  const normalized = password.normalize('NFC');
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`;
  if (password.trim().toLowerCase() === accountName.toLowerCase()) return 'The password must not be the account name.';

  const result = loadEstimator().check(normalized.slice(0, JUDGED_LENGTH), [accountName, 'runwatch']);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const warning = result.feedback.warning;
  const why = warning ? warning.charAt(0).toLowerCase() + warning.slice(1) : 'it is common, or made of repeats or patterns.';
  return `This password is too easy to guess: ${why} ${PASSWORD_ADVICE}`;
}
