import type { ErrorGroup } from '@/contract/error-groups';
import { FAILURE_WINDOWS, DEFAULT_FAILURE_WINDOW, type FailureWindow, type FailuresResponse } from '@/contract/failures';

/** What a failures group narrows the runs list to, on top of "failed, created in this window". */
export type FailureGroupFilter =
  | { kind: 'error'; group: ErrorGroup; code: string | null }
  | { kind: 'group'; group: ErrorGroup }
  | { kind: 'source'; sourceId: string | null }
  | { kind: 'task'; taskId: string | null };

/**
 * The runs list (`/`) filtered to a group's failed runs of the report's window. A source or task
 * the index does not know (null) cannot be filtered on: the link then shows all failed runs of
 * the window. An error without a code links by its group alone.
 */
export function failedRunsLink(window: FailuresResponse['window'], filter: FailureGroupFilter): string {
  const params = new URLSearchParams();
  params.set('status', 'failed');
  if (filter.kind === 'error' || filter.kind === 'group') params.set('error_group', filter.group);
  if (filter.kind === 'error' && filter.code !== null) params.set('error_code', filter.code);
  if (filter.kind === 'source' && filter.sourceId !== null) params.set('source_id', filter.sourceId);
  if (filter.kind === 'task' && filter.taskId !== null) params.set('task_id', filter.taskId);
  params.set('created_after', window.from);
  // A preset window ends now: the list should keep showing new failures of the group.
  if (window.preset === null) params.set('created_before', window.to);
  return `/?${params.toString()}`;
}

/** The window in the page's URL (`?window=7d`); anything else is the default. */
export function windowFromSearch(value: string | null): FailureWindow {
  return (FAILURE_WINDOWS as readonly string[]).includes(value ?? '') ? (value as FailureWindow) : DEFAULT_FAILURE_WINDOW;
}
