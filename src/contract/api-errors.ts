/**
 * Every error code Runwatch's `/api` sends, with its HTTP status. The SPA branches on `code`;
 * messages are for people and may change. Statuses are plain numbers here (the contract imports no
 * framework); the server narrows them to the statuses it may send.
 */
export const API_ERROR_STATUS = {
  invalid_id: 400,
  invalid_request: 400,
  invalid_cursor: 400,
  invalid_interaction: 400,
  weak_password: 400,
  interaction_rejected: 400,
  cancel_rejected: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_rejected: 403,
  not_found: 404,
  run_not_found: 404,
  request_not_found: 404,
  screenshot_not_found: 404,
  file_not_found: 404,
  not_waiting_for_input: 409,
  password_change_required: 409,
  interaction_conflict: 409,
  not_cancelable: 409,
  payload_too_large: 413,
  too_many_attempts: 429,
  internal_error: 500,
  upstream_error: 502,
  upstream_auth: 502,
  upstream_organization_blocked: 502,
  upstream_source_blocked: 502,
  upstream_unreachable: 502,
  file_unavailable: 502,
  file_too_large: 502,
  upstream_busy: 503,
  not_ready: 503,
  busy: 503,
  upstream_timeout: 504,
} as const satisfies Record<string, number>;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/**
 * The codes by name, for branching and throwing (`error.code === API_ERROR.not_cancelable`): a
 * misspelt or removed code does not compile, on either side.
 */
export const API_ERROR = Object.freeze(
  Object.fromEntries(Object.keys(API_ERROR_STATUS).map((code) => [code, code])) as { readonly [Code in ApiErrorCode]: Code },
);
