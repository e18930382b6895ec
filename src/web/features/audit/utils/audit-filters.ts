import { AUDIT_ACTIONS, type AuditAction } from '@/contract/audit';

/** The audit page's filters as they live in the address bar, so a filtered view can be shared. */
export interface AuditFilterValues {
  actor?: string;
  action?: AuditAction;
  runId?: string;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
}

const KEYS = ['actor', 'action', 'runId', 'from', 'to'] as const;

function isIsoDate(value: string): boolean {
  return !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value);
}

/** Reads filters from search params, dropping values the API would refuse. */
export function filtersFromParams(params: URLSearchParams): AuditFilterValues {
  const filters: AuditFilterValues = {};
  const actor = params.get('actor')?.trim();
  if (actor) filters.actor = actor.slice(0, 256);
  const action = params.get('action');
  if (action && (AUDIT_ACTIONS as readonly string[]).includes(action)) filters.action = action as AuditAction;
  const runId = params.get('runId')?.trim();
  if (runId) filters.runId = runId.slice(0, 128);
  const from = params.get('from');
  if (from && isIsoDate(from)) filters.from = new Date(from).toISOString();
  const to = params.get('to');
  if (to && isIsoDate(to)) filters.to = new Date(to).toISOString();
  return filters;
}

export function filtersToParams(filters: AuditFilterValues, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}

/** `<input type="datetime-local">` speaks local wall-clock time without a zone; the API wants ISO. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function auditCsvUrl(filters: AuditFilterValues): string {
  const query = filtersToParams(filters).toString();
  return query ? `/api/audit.csv?${query}` : '/api/audit.csv';
}
