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
