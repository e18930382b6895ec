import { DEFAULT_DRIFTS, type DriftKind } from '../drift/drift-kinds';
import { longWork } from './lifecycle-scenarios';
import type { InteractionSpec, ScenarioDefinition, ScenarioStep, WireErrorItem } from './scenario-types';
import { HUMAN_WINDOW_MS, SECOND, browseSteps, captureAndComplete, loginSteps, mfaPrompt, work } from './step-builders';
import type { TaskProfile } from './task-profiles';

/**
 * Runs that always drift, whatever is switched on for all runs, so a test or the demo can open one
 * specific messy run. Each forces the drifts named in drift/drift-kinds.ts.
 */

const base = { queueMs: 3 * SECOND, cancelDelayMs: 2_500, encryptedPayload: false } as const;

const successSteps = (profile: TaskProfile): ScenarioStep[] => [...loginSteps(profile), ...browseSteps(profile), ...captureAndComplete(profile)];
const mfaSteps = (profile: TaskProfile): ScenarioStep[] => [
  ...loginSteps(profile),
  { kind: 'interact', interaction: mfaPrompt() },
  ...browseSteps(profile),
  ...captureAndComplete(profile),
];

/** Error items as a loose upstream sends them: no code, no type, an uncatalogued type and code, extra fields. */
export const LOOSE_ERROR_ITEMS: readonly WireErrorItem[] = [
  { type: 'task', message: 'The run stopped after the agent lost track of the page.' },
  { code: 'step_budget_exhausted', message: 'The agent used up its step budget for this run.' },
  {
    type: 'compliance',
    code: 'policy_hold_expired',
    message: 'A compliance hold on the account expired before the run could finish.',
    hold_id: 'hold_8812',
    retry_after: null,
  },
];

/** A prompt whose fields are named like Object.prototype members. */
function protoFieldsPrompt(): InteractionSpec {
  const filled = (answer: Record<string, string>, name: string) => Object.hasOwn(answer, name) && (answer[name] ?? '').trim() !== '';
  return {
    type: 'verification',
    message: 'The site asks for two reference values printed on the last letter.',
    rejectedMessage: 'The reference values did not match. Enter both values from the last letter.',
    fields: [
      { name: '__proto__', type: 'string', label: 'Reference A' },
      { name: 'constructor', type: 'string', label: 'Reference B' },
    ],
    page: 'question',
    windowMs: HUMAN_WINDOW_MS,
    windowScales: false,
    accepts: (answer) => filled(answer, '__proto__') && filled(answer, 'constructor'),
  };
}

function driftScenario(name: string, description: string, drifts: readonly DriftKind[], steps: (profile: TaskProfile) => ScenarioStep[]): ScenarioDefinition {
  return { ...base, name, description: `${description} (drift: ${drifts.join(', ') || 'content only'})`, drifts, steps };
}

export const DRIFT_SCENARIOS: readonly ScenarioDefinition[] = [
  driftScenario(
    'drift_nulls',
    'Succeeds; null for every optional value, "" for missing ids, errors: [], some screenshots without url',
    ['null_optionals', 'null_screenshot_url', 'empty_strings', 'empty_errors'],
    successSteps,
  ),
  driftScenario('drift_null_sections', 'Succeeds; requested input, storage and artifacts come back null', ['null_sections'], successSteps),
  driftScenario('drift_unknown_status', 'Works ~20 minutes reading as status "paused_by_policy", then completes', ['unknown_status'], (profile) => [
    ...loginSteps(profile),
    ...longWork(profile, 20),
    ...captureAndComplete(profile),
  ]),
  driftScenario(
    'drift_loose_errors',
    'Fails with error items without code, without type, of an uncatalogued type and code, with extra fields',
    ['extra_fields'],
    (profile) => [
      ...loginSteps(profile),
      work(profile, 'dashboard', profile.pages.dashboard, 8 * SECOND, profile.reasoning.dashboard),
      { kind: 'fail', error: LOOSE_ERROR_ITEMS },
    ],
  ),
  {
    ...driftScenario(
      'drift_legacy_names',
      'Succeeds with older field names: cancelling, workflow_id, canceled_at, fetch_date, tokenized_fields, top-level screenshots',
      ['legacy_status', 'legacy_run_fields', 'legacy_storage_fields', 'legacy_vaulted_key', 'legacy_screenshots_section'],
      successSteps,
    ),
    defaultInput: (profile, random) => ({ ...profile.defaultInput(random), password: 'not-a-real-password' }),
  },
  driftScenario('drift_legacy_review', 'Waits for review under the oldest revision\'s status "pending"', ['legacy_status', 'legacy_run_fields'], (profile) => [
    ...loginSteps(profile),
    ...browseSteps(profile),
    { kind: 'store', file: profile.file },
    { kind: 'review', output: profile.output },
  ]),
  driftScenario('drift_action_202', 'Pauses for a one-time code; answer and cancel are accepted with 202 and no body', ['action_202_empty'], mfaSteps),
  driftScenario('drift_action_204', 'Pauses for a one-time code; answer and cancel are accepted with 204', ['action_204_empty'], mfaSteps),
  driftScenario('drift_action_200', 'Pauses for a one-time code; answer and cancel answer 200 with a body that is not a run', ['action_200_not_run'], mfaSteps),
  driftScenario('drift_forbidden_organization', 'Succeeds, but every request about the run answers 403 organization', ['forbidden_organization'], successSteps),
  driftScenario('drift_forbidden_source', 'Succeeds, but every request about the run answers 403 source/source_blocked', ['forbidden_source'], successSteps),
  driftScenario(
    'drift_key_echo',
    'Fails with auth/auth_invalid; its error messages, and error answers about it, echo the bearer key',
    ['key_echo'],
    (profile) => [
      ...loginSteps(profile),
      { kind: 'fail', error: { type: 'auth', code: 'auth_invalid', message: 'The website rejected the stored credentials.' } },
    ],
  ),
  driftScenario(
    'drift_files',
    'Succeeds; screenshots served as application/octet-stream, expired links answer 400',
    ['octet_stream_screenshots', 'expired_link_400'],
    successSteps,
  ),
  driftScenario('drift_proto_fields', 'Asks for fields named "__proto__" and "constructor" (any non-empty values accepted), then succeeds', [], (profile) => [
    ...loginSteps(profile),
    { kind: 'interact', interaction: protoFieldsPrompt() },
    ...browseSteps(profile),
    ...captureAndComplete(profile),
  ]),
  driftScenario('drift_deep_output', 'Completes with an output nested 5,000 levels deep', ['deep_output'], successSteps),
  driftScenario('drift_unreadable_in_list', 'Succeeds; in run lists it is an unreadable item', ['unreadable_list_item'], successSteps),
  driftScenario('drift_everything', 'Pauses for a one-time code, then succeeds, with every drift of the default set at once', DEFAULT_DRIFTS, mfaSteps),
];
