import type { ScenarioDefinition } from './scenario-types';
import { MINUTE, SECOND, accountSelectionPrompt, browseSteps, captureAndComplete, loginSteps, mfaPrompt, securityQuestionPrompt, work } from './step-builders';

/** Scenarios that walk the normal lifecycle, including the human-in-the-loop pauses. */

const base = { queueMs: 3 * SECOND, cancelDelayMs: 2_500, encryptedPayload: false } as const;

export const LIFECYCLE_SCENARIOS: readonly ScenarioDefinition[] = [
  {
    ...base,
    name: 'success',
    description: 'Logs in, finds the document, captures a file and completes with result success (~1 min).',
    steps: (profile) => [...loginSteps(profile), ...browseSteps(profile), ...captureAndComplete(profile)],
  },
  {
    ...base,
    name: 'mfa',
    description: 'Pauses for a one-time code after login (code 000000 is always rejected, any other accepted), then succeeds.',
    steps: (profile) => [...loginSteps(profile), { kind: 'interact', interaction: mfaPrompt() }, ...browseSteps(profile), ...captureAndComplete(profile)],
  },
  {
    ...base,
    name: 'mfa_wrong_code',
    description: 'Rejects the first one-time code whatever it is, prompts again, accepts the next one and succeeds.',
    steps: (profile) => [
      ...loginSteps(profile),
      { kind: 'interact', interaction: mfaPrompt({ rejectFirstAttempt: true }) },
      ...browseSteps(profile),
      ...captureAndComplete(profile),
    ],
  },
  {
    ...base,
    name: 'security_question',
    description: 'Asks a security question (field "answer"); any non-empty answer is accepted, then succeeds.',
    steps: (profile) => [
      ...loginSteps(profile),
      { kind: 'interact', interaction: securityQuestionPrompt() },
      ...browseSteps(profile),
      ...captureAndComplete(profile),
    ],
  },
  {
    ...base,
    name: 'account_selection',
    description: 'Asks which account to use (field "account_id"); any non-empty value is accepted, then succeeds.',
    steps: (profile) => [
      ...loginSteps(profile),
      { kind: 'interact', interaction: accountSelectionPrompt() },
      ...browseSteps(profile),
      ...captureAndComplete(profile),
    ],
  },
  {
    ...base,
    name: 'review',
    description: 'Finishes execution and waits in review_required for POST /__sim/task-runs/:id/review (approve -> completed, reject -> failed).',
    steps: (profile) => [...loginSteps(profile), ...browseSteps(profile), { kind: 'store', file: profile.file }, { kind: 'review', output: profile.output }],
  },
  {
    ...base,
    name: 'completed_unknown',
    description: 'Completes with result "unknown": the agent could not confirm the outcome on the site.',
    steps: (profile) => [
      ...loginSteps(profile),
      ...browseSteps(profile),
      work(profile, 'document', profile.pages.document, 14 * SECOND, [
        'Submitted the request; the confirmation page is still loading.',
        'The page timed out without a confirmation number; cannot tell whether the request went through.',
      ]),
      {
        kind: 'complete',
        result: 'unknown',
        output: () => ({ confirmation_number: null, note: 'The site did not show a confirmation after submitting.' }),
      },
    ],
  },
  {
    ...base,
    name: 'long_running',
    description: 'Works for ~20 minutes across many pages, long enough to be canceled, then succeeds.',
    steps: (profile) => [...loginSteps(profile), ...longWork(profile, 20), ...captureAndComplete(profile)],
  },
  {
    ...base,
    name: 'slow_queue',
    description: 'Waits ~3 minutes in queued for a browser session, then succeeds.',
    queueMs: 3 * MINUTE,
    steps: (profile) => [...loginSteps(profile), ...browseSteps(profile), ...captureAndComplete(profile)],
  },
  {
    ...base,
    name: 'slow_cancel',
    description: 'Like long_running, but a cancel takes ~2 minutes to wind down (stays in canceling).',
    cancelDelayMs: 2 * MINUTE,
    steps: (profile) => [...loginSteps(profile), ...longWork(profile, 20), ...captureAndComplete(profile)],
  },
];

/** Alternates list and document pages for `minutes` of simulated work. */
export function longWork(profile: Parameters<typeof browseSteps>[0], minutes: number) {
  const steps = [];
  for (let i = 0; i < minutes; i += 1) {
    steps.push(
      i % 2 === 0
        ? work(profile, 'table', `${profile.pages.list}?page=${i / 2 + 1}`, MINUTE, [
            `Reading page ${i / 2 + 1} of the history table.`,
            'Rows on this page are older than the requested period start; continuing to the next page.',
            'Waiting for the next page of results to load; the site is slow today.',
          ])
        : work(profile, 'document', profile.pages.document, MINUTE, [
            'Opened one entry to confirm the values shown in the table.',
            'Back to the list; the detail matched the row.',
          ]),
    );
  }
  return steps;
}
