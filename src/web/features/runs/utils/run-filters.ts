import { isValidId } from '@/contract/ids';
import type { ErrorGroup } from '@/contract/error-groups';
import { RUN_RESULTS, RUN_STATUSES, type RunResult, type RunStatus } from '@/contract/run-status';

/**
 * The runs list's filters. They live in the page URL (so a filtered view can be shared) and are
 * translated into `/api/runs` query parameters. Anything unrecognised in the URL is ignored rather
 * than sent on.
 */
export interface RunFilters {
  statuses: RunStatus[];
  outcome: RunResult | null;
  taskId: string | null;
  sourceId: string | null;
  created: CreatedRange | null;
  /** Set by links from elsewhere (the failures view): shown as chips that can be cleared. */
  errorCode: string | null;
  errorGroup: ErrorGroup | null;
  /** An exact window (ISO 8601), as a link into the list gives it; `created` is the menu's rolling one. */
  createdAfter: string | null;
  createdBefore: string | null;
}

export const CREATED_RANGES = {
  '1h': { label: 'Last hour', ms: 60 * 60 * 1000 },
  '24h': { label: 'Last 24 h', ms: 24 * 60 * 60 * 1000 },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * 60 * 60 * 1000 },
} as const;
export type CreatedRange = keyof typeof CREATED_RANGES;

export const EMPTY_FILTERS: RunFilters = {
  statuses: [],
  outcome: null,
  taskId: null,
  sourceId: null,
  created: null,
  errorCode: null,
  errorGroup: null,
  createdAfter: null,
  createdBefore: null,
};

const ERROR_GROUPS: readonly ErrorGroup[] = ['platform', 'request', 'source', 'unknown'];
/** Error codes are short snake_case words; anything else in the URL is ignored. */
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

function isErrorGroup(value: string): value is ErrorGroup {
  return (ERROR_GROUPS as readonly string[]).includes(value);
}

function instant(value: string | null): string | null {
  const text = value?.trim() ?? '';
  // The server takes ISO 8601 with an offset; a date alone or other text is ignored.
  return /^\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)) ? text : null;
}

export const NEEDS_HUMAN_STATUSES: readonly RunStatus[] = ['interaction_required', 'review_required'];

/** The status chips, each standing for one or more statuses. */
export const STATUS_CHIPS = [
  { key: 'needs_human', label: 'Needs a human', statuses: NEEDS_HUMAN_STATUSES },
  { key: 'running', label: 'Running', statuses: ['running'] },
  { key: 'queued', label: 'Queued', statuses: ['queued'] },
  { key: 'completed', label: 'Completed', statuses: ['completed'] },
  { key: 'failed', label: 'Failed', statuses: ['failed'] },
  { key: 'canceled', label: 'Canceled', statuses: ['canceling', 'canceled'] },
] as const satisfies ReadonlyArray<{ key: string; label: string; statuses: readonly RunStatus[] }>;

export type StatusChip = (typeof STATUS_CHIPS)[number];

/** Page size asked of `/api/runs`; the upstream caps it at 100. */
export const RUNS_PAGE_SIZE = 50;

function isStatus(value: string): value is RunStatus {
  return (RUN_STATUSES as readonly string[]).includes(value);
}

function isResult(value: string): value is RunResult {
  return (RUN_RESULTS as readonly string[]).includes(value);
}

function isCreatedRange(value: string): value is CreatedRange {
  return Object.hasOwn(CREATED_RANGES, value);
}

/** Reads filters from the page URL. Statuses may be repeated or comma-separated. */
export function parseRunFilters(params: URLSearchParams): RunFilters {
  const statuses = new Set<RunStatus>();
  for (const value of params.getAll('status')) {
    for (const part of value.split(',')) {
      const status = part.trim();
      if (isStatus(status)) statuses.add(status);
    }
  }
  const outcome = params.get('outcome') ?? '';
  const taskId = params.get('task_id')?.trim() ?? '';
  const sourceId = params.get('source_id')?.trim() ?? '';
  const created = params.get('created') ?? '';
  const errorCode = params.get('error_code')?.trim() ?? '';
  const errorGroup = params.get('error_group')?.trim() ?? '';
  return {
    // Keep the contract's order so equal filter sets produce equal URLs and cache keys.
    statuses: RUN_STATUSES.filter((s) => statuses.has(s)),
    outcome: isResult(outcome) ? outcome : null,
    taskId: taskId && isValidId('task', taskId) ? taskId : null,
    sourceId: sourceId && isValidId('source', sourceId) ? sourceId : null,
    created: isCreatedRange(created) ? created : null,
    errorCode: ERROR_CODE.test(errorCode) ? errorCode : null,
    errorGroup: isErrorGroup(errorGroup) ? errorGroup : null,
    createdAfter: instant(params.get('created_after')),
    createdBefore: instant(params.get('created_before')),
  };
}

/** Writes filters to the page URL (only the ones that are set). */
export function runFiltersToSearchParams(filters: RunFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.statuses.length > 0) params.set('status', filters.statuses.join(','));
  if (filters.outcome) params.set('outcome', filters.outcome);
  if (filters.taskId) params.set('task_id', filters.taskId);
  if (filters.sourceId) params.set('source_id', filters.sourceId);
  if (filters.created) params.set('created', filters.created);
  if (filters.errorCode) params.set('error_code', filters.errorCode);
  if (filters.errorGroup) params.set('error_group', filters.errorGroup);
  if (filters.createdAfter) params.set('created_after', filters.createdAfter);
  if (filters.createdBefore) params.set('created_before', filters.createdBefore);
  return params;
}

/**
 * The `/api/runs` query for one page. The created range is turned into `created_after` here, at
 * fetch time, so "last hour" keeps meaning the last hour while the page polls.
 */
export function runFiltersToApiParams(filters: RunFilters, options: { cursor?: string | null; limit?: number; now?: number } = {}): URLSearchParams {
  const params = runFiltersToQuery(filters, options.now);
  params.set('limit', String(options.limit ?? RUNS_PAGE_SIZE));
  if (options.cursor) params.set('cursor', options.cursor);
  return params;
}

/** The filters as `/api/runs` names them, without paging (what an export of the list takes). */
export function runFiltersToQuery(filters: RunFilters, now = Date.now()): URLSearchParams {
  const params = new URLSearchParams();
  for (const status of filters.statuses) params.append('status', status);
  if (filters.outcome) params.set('outcome', filters.outcome);
  if (filters.taskId) params.set('task_id', filters.taskId);
  if (filters.sourceId) params.set('source_id', filters.sourceId);
  if (filters.errorCode) params.set('error_code', filters.errorCode);
  if (filters.errorGroup) params.set('error_group', filters.errorGroup);
  // The later of the rolling range and an exact start: both narrow the list.
  const rolling = filters.created ? new Date(now - CREATED_RANGES[filters.created].ms).toISOString() : null;
  const after = [rolling, filters.createdAfter].filter((v): v is string => v !== null).sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  if (after) params.set('created_after', after);
  if (filters.createdBefore) params.set('created_before', filters.createdBefore);
  return params;
}

/** A chip is on when all of its statuses are selected. */
export function isChipActive(filters: RunFilters, chip: StatusChip): boolean {
  return chip.statuses.every((s) => filters.statuses.includes(s));
}

/** Turns a chip on or off, leaving the other selected statuses as they are. */
export function toggleChip(filters: RunFilters, chip: StatusChip): RunFilters {
  const active = isChipActive(filters, chip);
  const next = new Set(filters.statuses);
  for (const status of chip.statuses) {
    if (active) next.delete(status);
    else next.add(status);
  }
  return { ...filters, statuses: RUN_STATUSES.filter((s) => next.has(s)) };
}

export function hasAnyFilter(filters: RunFilters): boolean {
  return (
    filters.statuses.length > 0 ||
    !!filters.outcome ||
    !!filters.taskId ||
    !!filters.sourceId ||
    !!filters.created ||
    !!filters.errorCode ||
    !!filters.errorGroup ||
    !!filters.createdAfter ||
    !!filters.createdBefore
  );
}
