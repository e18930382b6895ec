import type { InteractionSpec, PageKind, ScenarioStep, WireErrorItem } from './scenario-types';
import type { TaskProfile } from './task-profiles';

/** Reusable pieces scenarios are assembled from. Durations are unscaled simulated milliseconds. */

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;

/** Default time a human has to answer a prompt; long, because people are slow. Not scaled. */
export const HUMAN_WINDOW_MS = 10 * MINUTE;

export function pageUrl(profile: TaskProfile, path: string): string {
  return `https://${profile.host}${path}`;
}

export function work(profile: TaskProfile, page: PageKind, path: string, durationMs: number, reasoning: readonly string[]): ScenarioStep {
  return { kind: 'work', durationMs, page, url: pageUrl(profile, path), reasoning };
}

export function loginSteps(profile: TaskProfile): ScenarioStep[] {
  return [{ kind: 'start' }, work(profile, 'login', profile.pages.login, 11 * SECOND, profile.reasoning.login)];
}

export function browseSteps(profile: TaskProfile): ScenarioStep[] {
  return [
    work(profile, 'dashboard', profile.pages.dashboard, 9 * SECOND, profile.reasoning.dashboard),
    work(profile, 'table', profile.pages.list, 16 * SECOND, profile.reasoning.list),
    work(profile, 'document', profile.pages.document, 11 * SECOND, profile.reasoning.document),
  ];
}

export function captureAndComplete(profile: TaskProfile): ScenarioStep[] {
  return [
    { kind: 'store', file: profile.file },
    work(profile, 'download', profile.pages.document, 6 * SECOND, ['File saved; checking the extracted values against the page before finishing.']),
    { kind: 'complete', result: 'success', output: profile.output },
  ];
}

export function failWith(error: WireErrorItem): ScenarioStep {
  return { kind: 'fail', error };
}

/** The code `000000` is always rejected so tests can drive the "wrong code" path on purpose. */
export const ALWAYS_REJECTED_MFA_CODE = '000000';

function isAcceptableCode(answer: Record<string, string>): boolean {
  const code = answer.code?.trim() ?? '';
  return code.length > 0 && code !== ALWAYS_REJECTED_MFA_CODE;
}

export function mfaPrompt(options: { rejectFirstAttempt?: boolean; windowMs?: number; windowScales?: boolean } = {}): InteractionSpec {
  return {
    type: 'mfa',
    message: 'We sent a 6-digit code by text message to the phone ending in 42.',
    rejectedMessage: 'The code you entered was rejected by the website. We sent a new 6-digit code to the phone ending in 42.',
    fields: [{ name: 'code', type: 'string', label: 'One-time code' }],
    page: 'mfa',
    windowMs: options.windowMs ?? HUMAN_WINDOW_MS,
    windowScales: options.windowScales ?? false,
    accepts: (answer, attempt) => (options.rejectFirstAttempt === true && attempt === 1 ? false : isAcceptableCode(answer)),
  };
}

export function securityQuestionPrompt(): InteractionSpec {
  return {
    type: 'security_question',
    message: 'Security question: What was the name of your first pet?',
    rejectedMessage: 'That answer did not match. Security question: What was the name of your first pet?',
    fields: [{ name: 'answer', type: 'string', label: 'Answer' }],
    page: 'question',
    windowMs: HUMAN_WINDOW_MS,
    windowScales: false,
    accepts: (answer) => (answer.answer?.trim() ?? '').length > 0,
  };
}

export function accountSelectionPrompt(): InteractionSpec {
  return {
    type: 'account_selection',
    message:
      'This login has access to several accounts. Enter the account to continue with: ACC-1001 (Checking ending 4821), ACC-1002 (Savings ending 0097), ACC-2001 (Business ending 3310).',
    rejectedMessage: 'That account was not found. Enter one of: ACC-1001, ACC-1002, ACC-2001.',
    fields: [
      {
        name: 'account_id',
        type: 'string',
        label: 'Account',
        options: [
          { value: 'ACC-1001', label: 'Checking ending 4821' },
          { value: 'ACC-1002', label: 'Savings ending 0097' },
          { value: 'ACC-2001', label: 'Business ending 3310' },
        ],
      },
    ],
    page: 'accounts',
    windowMs: HUMAN_WINDOW_MS,
    windowScales: false,
    accepts: (answer) => (answer.account_id?.trim() ?? '').length > 0,
  };
}
