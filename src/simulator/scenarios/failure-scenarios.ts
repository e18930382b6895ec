import type { ScenarioDefinition } from './scenario-types';
import { MINUTE, SECOND, browseSteps, failWith, loginSteps, mfaPrompt, work } from './step-builders';

/** Scenarios that end in `failed`, one per error type the dashboard has to explain. */

const base = { queueMs: 3 * SECOND, cancelDelayMs: 2_500, encryptedPayload: false } as const;

export const FAILURE_SCENARIOS: readonly ScenarioDefinition[] = [
  {
    ...base,
    name: 'fail_auth_invalid',
    description: 'The site rejects the stored credentials: failed with auth/auth_invalid.',
    steps: (profile) => [
      { kind: 'start' },
      work(profile, 'login', profile.pages.login, 14 * SECOND, [
        'Login form is visible; filling in the stored username and password.',
        'The site shows "Incorrect username or password" under the form.',
        'Retried once in case of a typo on the site side; same message. Stopping to avoid a lockout.',
      ]),
      failWith({ type: 'auth', code: 'auth_invalid', message: 'The website rejected the stored credentials (incorrect username or password).' }),
    ],
  },
  {
    ...base,
    name: 'fail_source_not_available',
    description: 'The website is down: failed with source/source_not_available.',
    steps: (profile) => [
      { kind: 'start' },
      work(profile, 'error', '/', 21 * SECOND, [
        'The site answers with "503 Service Unavailable".',
        'Waited and reloaded; still unavailable.',
        'Third attempt failed the same way; giving up.',
      ]),
      failWith({ type: 'source', code: 'source_not_available', message: 'The website could not be reached (HTTP 503 after 3 attempts).' }),
    ],
  },
  {
    ...base,
    name: 'fail_source_blocked',
    description: 'The site blocks automated access: failed with source/source_blocked.',
    steps: (profile) => [
      { kind: 'start' },
      work(profile, 'error', profile.pages.login, 9 * SECOND, [
        'An "Access denied" page replaced the login form; the site blocks this browser.',
        'No way around the block page without violating the site rules; stopping.',
      ]),
      failWith({ type: 'source', code: 'source_blocked', message: 'The website blocked access from the automation browser.' }),
    ],
  },
  {
    ...base,
    name: 'fail_task_timeout',
    description: 'Runs past the task time limit (3 minutes): failed with task/timeout.',
    steps: (profile) => [
      ...loginSteps(profile),
      work(profile, 'dashboard', profile.pages.dashboard, 20 * SECOND, profile.reasoning.dashboard),
      work(profile, 'table', profile.pages.list, 3 * MINUTE - 31 * SECOND, [
        'The history table keeps loading more rows as I scroll.',
        'Still loading; the spinner at the bottom of the table has not gone away.',
        'The table is very slow; waiting for the remaining rows.',
      ]),
      failWith({ type: 'task', code: 'timeout', message: 'The run exceeded the task time limit of 3 minutes and was stopped.' }),
    ],
  },
  {
    ...base,
    name: 'fail_interaction_timeout',
    description: 'Asks for a one-time code that nobody answers within ~45 s (scaled): failed with interaction/interaction_timeout.',
    steps: (profile) => [
      ...loginSteps(profile),
      { kind: 'interact', interaction: mfaPrompt({ windowMs: 45 * SECOND, windowScales: true }) },
      ...browseSteps(profile),
    ],
  },
  {
    ...base,
    name: 'fail_api_error',
    description: 'An internal platform error interrupts the run: failed with api/api_error.',
    steps: (profile) => [
      ...loginSteps(profile),
      work(profile, 'dashboard', profile.pages.dashboard, 7 * SECOND, profile.reasoning.dashboard),
      failWith({ type: 'api', code: 'api_error', message: 'An internal error interrupted the run. Retrying the run usually helps.' }),
    ],
  },
  {
    ...base,
    name: 'fail_session_timeout',
    description: 'No browser session becomes available: fails from queued after ~30 s with session/timeout.',
    queueMs: 30 * SECOND,
    steps: () => [failWith({ type: 'session', code: 'timeout', message: 'No browser session became available within 30 seconds.' })],
  },
  {
    ...base,
    name: 'fail_storage',
    description: 'Captures a file whose extraction fails: failed with storage/extraction_failed.',
    steps: (profile) => [
      ...loginSteps(profile),
      ...browseSteps(profile),
      {
        kind: 'store',
        file: (context) => ({ ...profile.file(context), extraction: null, extractionResult: 'failure' }),
      },
      work(profile, 'download', profile.pages.document, 5 * SECOND, ['The downloaded file could not be parsed; the text layer seems to be missing.']),
      failWith({ type: 'storage', code: 'extraction_failed', message: 'The file was captured but its contents could not be extracted.' }),
    ],
  },
  {
    ...base,
    name: 'fail_organization',
    description: 'The organization has used up its plan: fails from queued with organization/plan_limit_reached.',
    queueMs: 1 * SECOND,
    steps: () => [
      failWith({
        type: 'organization',
        code: 'plan_limit_reached',
        message: "Your organization's monthly run allowance is used up. Upgrade the plan or wait for the next billing period.",
      }),
    ],
  },
];
