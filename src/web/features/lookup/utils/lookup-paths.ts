import type { PasteIdKind } from '@/contract/paste-ids';

export function runPath(runId: string): string {
  return `/runs/${encodeURIComponent(runId)}`;
}

/** The lookup page for a set of ids (never the raw paste: it may hold a key or a signed link). */
export function lookupPath(ids: readonly string[]): string {
  return ids.length === 0 ? '/lookup' : `/lookup?${new URLSearchParams({ q: ids.join(' ') }).toString()}`;
}

/**
 * The runs list's filter parameter for each kind of id its page filters by (see
 * src/web/features/runs/utils/run-filters.ts); agents and credentials join when the page reads them.
 */
const LIST_FILTER_PARAM: Partial<Record<PasteIdKind, string>> = {
  task: 'task_id',
  source: 'source_id',
};

export function listFilterParam(kind: PasteIdKind): string | null {
  return LIST_FILTER_PARAM[kind] ?? null;
}

/** The runs list filtered as the upstream names its filters (`task_id`, `created_after`, …); unset values are left out. */
export function runsListPath(filters: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `/?${query}` : '/';
}
