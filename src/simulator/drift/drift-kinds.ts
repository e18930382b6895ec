/**
 * Drift: the messy but contract-valid shapes a real upstream sends (older revisions, nulls where the
 * newest revision leaves a key out, codes nobody has catalogued yet, odd 2xx answers). Faults that are
 * not contract-valid (garbage bodies, hangs, resets) live in the fault injector, not here.
 */
export const DRIFT_KINDS = [
  'null_optionals',
  'null_screenshot_url',
  'null_sections',
  'empty_errors',
  'empty_strings',
  'unknown_status',
  'error_without_code',
  'error_without_type',
  'unknown_error_codes',
  'extra_fields',
  'legacy_status',
  'legacy_run_fields',
  'legacy_storage_fields',
  'legacy_vaulted_key',
  'legacy_screenshots_section',
  'proto_field_names',
  'deep_output',
  'unreadable_list_item',
  'action_202_empty',
  'action_204_empty',
  'action_200_not_run',
  'forbidden_organization',
  'forbidden_source',
  'key_echo',
  'expired_link_400',
  'octet_stream_screenshots',
] as const;

export type DriftKind = (typeof DRIFT_KINDS)[number];

export const DRIFT_DESCRIPTIONS: Record<DriftKind, string> = {
  null_optionals:
    'null instead of a value or an absent key: runtime_ms, error message and field, interaction message and field labels, file_type/file_size and reasoning of files and screenshots, storage metadata',
  null_screenshot_url: 'every third screenshot has url: null',
  null_sections: 'requested sections (input, storage, artifacts) come back as null',
  empty_errors: 'errors: [] instead of null on runs without errors',
  empty_strings: '"" instead of null for missing ids (credential_id, session_id, source_id, workflow_id) and an error\'s field',
  unknown_status: 'a queued or running run reads as status "paused_by_policy", a status this contract revision does not list',
  error_without_code: 'error items (run errors and error answers) carry no code',
  error_without_type: 'error items (run errors and error answers) carry no type',
  unknown_error_codes: 'a failed run carries one more error item of a type and code no catalogue lists (compliance/policy_hold_expired)',
  extra_fields: 'fields the contract does not name on runs, error items, interactions, storage items and screenshots',
  legacy_status: 'middle/oldest revision status spellings: "cancelling" for canceling, "pending" for review_required',
  legacy_run_fields: "the middle revision's workflow_id and canceled_at on every run",
  legacy_storage_fields:
    "storage items carry fetch_date instead of result; inline storage items have only the middle revision's fields (no url, no extraction)",
  legacy_vaulted_key: 'vaulted input fields listed as tokenized_fields (odd runs) or vaulted_input_fields (even runs)',
  legacy_screenshots_section: 'screenshots come back as a top-level "screenshots" array instead of artifacts.screenshots',
  proto_field_names: 'interactions ask for two more fields, named "__proto__" and "constructor"',
  deep_output: "a run's output is wrapped in 5,000 levels of nested objects",
  unreadable_list_item: 'in run lists the run is an unreadable item: an object without id (even runs) or a bare string (odd runs)',
  action_202_empty: 'answer and cancel are accepted with 202 and an empty body',
  action_204_empty: 'answer and cancel are accepted with 204 and no body',
  action_200_not_run: 'answer and cancel are accepted with 200 and a body that is not a run',
  forbidden_organization: 'requests about the run (or every run request, when on for all) answer 403 organization/plan_entitlement_missing',
  forbidden_source: 'requests about the run (or every run request, when on for all) answer 403 source/source_blocked',
  key_echo: "error messages (error answers and a failed run's errors) echo the bearer key the request carried",
  expired_link_400: 'an expired signed file link answers 400 instead of 403',
  octet_stream_screenshots: 'screenshots are served as application/octet-stream instead of image/png',
};

/**
 * Drifts that would make every run alike when switched on for all runs apply, in that case, only to
 * every fourth run in creation order, each on its own slot (`sequence % 4`). A run that forces a drift
 * (a drift scenario, or `drift` when starting one) always gets it.
 */
export const SAMPLED_DRIFT_SLOTS: Partial<Record<DriftKind, number>> = {
  unknown_status: 1,
  unreadable_list_item: 2,
  deep_output: 3,
  null_sections: 0,
};

/** What `--drift` (or `drift: true`) switches on: every drift that still lets requests succeed. */
export const DEFAULT_DRIFTS: readonly DriftKind[] = DRIFT_KINDS.filter((kind) => kind !== 'forbidden_organization' && kind !== 'forbidden_source');

/** Action answer drifts; a run picks one of those switched on by its sequence number. */
export const ACTION_DRIFTS = ['action_202_empty', 'action_204_empty', 'action_200_not_run'] as const satisfies readonly DriftKind[];

export function isDriftKind(value: string): value is DriftKind {
  return (DRIFT_KINDS as readonly string[]).includes(value);
}
