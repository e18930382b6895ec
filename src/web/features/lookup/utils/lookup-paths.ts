import type { LookupTarget } from './parse-lookup-input';

export function runPath(runId: string): string {
  return `/runs/${encodeURIComponent(runId)}`;
}

export function lookupPath(query: string): string {
  return `/lookup?${new URLSearchParams({ q: query }).toString()}`;
}

/** Where a parsed lookup goes straight away: a run id opens the run; a request id must be resolved. */
export function destinationFor(target: LookupTarget): string | null {
  if (target.kind === 'run') return runPath(target.id);
  if (target.kind === 'request') return lookupPath(target.id);
  return null;
}
