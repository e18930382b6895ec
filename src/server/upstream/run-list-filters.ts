/** Filters of `GET /task-runs`, already validated; names as the upstream spells them. */
export interface RunListFilters {
  status?: string[];
  source_id?: string[];
  outcome?: string[];
  agent_id?: string;
  credential_id?: string;
  task_id?: string;
  workflow_id?: string;
  created_after?: string;
  created_before?: string;
  limit?: number;
  cursor?: string;
  /** Runwatch's own filters, served from the run index only (the upstream list has no such filter): not in RUN_LIST_FILTER_KEYS. */
  error_code?: string[];
  error_group?: string[];
}

/** Every filter, in the canonical order query strings are built in. */
export const RUN_LIST_FILTER_KEYS = [
  'status',
  'source_id',
  'outcome',
  'agent_id',
  'credential_id',
  'task_id',
  'workflow_id',
  'created_after',
  'created_before',
  'limit',
  'cursor',
] as const satisfies readonly (keyof RunListFilters)[];

/**
 * The query string in one canonical order (arrays sorted, repeated params), so equal filter sets
 * give equal strings — the list cache keys on it.
 */
export function runListQueryString(filters: RunListFilters): string {
  const params = new URLSearchParams();
  for (const key of RUN_LIST_FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of [...new Set(value)].sort()) params.append(key, item);
    } else {
      params.append(key, String(value));
    }
  }
  return params.toString();
}
