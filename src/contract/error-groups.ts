/**
 * Error types grouped as the upstream groups them. Only the platform group counts against a task's
 * success rate; request- and source-group failures are the caller's or the website's doing.
 */
export type ErrorGroup = 'platform' | 'request' | 'source' | 'unknown';

const GROUP_BY_TYPE: Record<string, ErrorGroup> = {
  api: 'platform',
  session: 'platform',
  task: 'platform',
  storage: 'platform',
  /** Oldest revision's predecessor of `session`. */
  connection: 'platform',
  idempotency: 'request',
  rate_limit: 'request',
  request: 'request',
  auth: 'request',
  interaction: 'request',
  organization: 'request',
  source: 'source',
};

/** `null` (an error item without a type) and names like `constructor` are simply not known. */
export function errorGroup(type: string | null): ErrorGroup {
  return type !== null && Object.hasOwn(GROUP_BY_TYPE, type) ? GROUP_BY_TYPE[type]! : 'unknown';
}
