import { isValidId, type IdKind } from '@/contract/ids';

/**
 * The fixed table of upstream paths Runwatch calls (relative to the `/v2` base). Every id is
 * checked against its allow-list pattern and encoded, so nothing else can reach a URL.
 */

export class InvalidIdError extends Error {
  constructor(readonly kind: IdKind) {
    super(`invalid ${kind} id`);
    this.name = 'InvalidIdError';
  }
}

function segment(kind: IdKind, id: string): string {
  if (!isValidId(kind, id)) throw new InvalidIdError(kind);
  return encodeURIComponent(id);
}

export const upstreamPaths = {
  test: () => '/test',
  listRuns: () => '/task-runs',
  run: (runId: string) => `/task-runs/${segment('run', runId)}`,
  interaction: (runId: string) => `/task-runs/${segment('run', runId)}/interaction`,
  cancel: (runId: string) => `/task-runs/${segment('run', runId)}/cancel`,
  runScreenshots: (runId: string) => `/task-runs/${segment('run', runId)}/screenshots`,
  listEvents: () => '/events',
  createEventDestination: () => '/event-destinations',
} as const;

/** Labels for logs: the path shape without ids. */
export type UpstreamOperation = keyof typeof upstreamPaths;

/** What `upstreamTarget` joins without parsing: encoded id segments, and a query of form-encoded pairs. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-]+)+$/;
const PLAIN_QUERY = /^[A-Za-z0-9_~.*+,=&%-]*$/;

/**
 * The path and query of a call, as `new URL(baseUrl + path + '?' + query)` has them; `basePath` is
 * the base URL's path ('' for none), or null when the base URL is not in the form `new URL` writes
 * it. The paths above and their form-encoded queries are joined as they are (nothing in them for a
 * URL to normalise); anything else is parsed, so the answer is the same either way.
 */
export function upstreamTarget(baseUrl: string, basePath: string | null, path: string, query: string | undefined): string {
  if (basePath !== null && PLAIN_PATH.test(path) && (!query || PLAIN_QUERY.test(query))) return query ? `${basePath}${path}?${query}` : `${basePath}${path}`;
  const target = new URL(`${baseUrl}${path}${query ? `?${query}` : ''}`);
  return `${target.pathname}${target.search}`;
}

/** The base URL's path for `upstreamTarget`: '' for none, null when `baseUrl` is not written as a URL serialises it. */
export function plainBasePath(baseUrl: string): string | null {
  const base = new URL(baseUrl);
  const basePath = base.pathname === '/' ? '' : base.pathname;
  return base.search === '' && base.hash === '' && `${base.origin}${basePath}` === baseUrl ? basePath : null;
}
