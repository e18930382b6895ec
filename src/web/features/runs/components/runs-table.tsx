import { memo, type MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { isUnreadableRunRow, type RunError, type RunListItem, type RunRow, type UnreadableRunRow } from '@/contract/bff';
import { statusGroup } from '@/contract/run-status';
import { Badge } from '@/web/components/ui/badge';
import { WarningIcon } from '@/web/components/ui/icons';
import { ResultBadge } from '@/web/components/ui/result-badge';
import { RelativeTime } from '@/web/components/ui/relative-time';
import { Skeleton } from '@/web/components/ui/skeleton';
import { StatusBadge } from '@/web/components/ui/status-badge';
import { useClockValue } from '@/web/lib/clock';
import { cx } from '@/web/lib/cx';
import { formatDuration } from '@/web/lib/format';
import { leadingError, resultAddsToStatus, waitingSince } from '../utils/row-summary';

/** How a page names an error's group (the catalogue lives with the error views). */
/** Null while the page is still fetching what it needs to name the group (the code shows meanwhile). */
export type DescribeFailure = (error: RunError) => { group: string; meaning: string } | null;

/** Rows that can be picked for a bulk action. */
export interface RowSelection {
  selected: ReadonlySet<string>;
  toggle: (runId: string) => void;
}

interface RunsTableProps {
  runs: readonly RunListItem[];
  /** Accessible name of the table, e.g. "Runs" or "Runs needing a human". */
  caption: string;
  /** Builds the link for filtering by a task id (keeps the other filters). */
  taskFilterHref?: (taskId: string) => string;
  /** Names a failed row's error group; without it the row shows the code alone. */
  describeFailure?: DescribeFailure;
  /** With it, each row has a checkbox. */
  selection?: RowSelection;
  className?: string;
}

/** Header and cell looks without their alignment, which HEAD and CELL add and a column may choose otherwise. */
const HEAD_BOX = 'px-3 py-2 text-[11px] font-semibold tracking-wide text-fg-subtle uppercase first:pl-4 last:pr-4';
const CELL_BOX = 'px-3 py-2.5 first:pl-4 last:pr-4';
const HEAD = `${HEAD_BOX} text-left`;
const CELL = `${CELL_BOX} align-middle`;
/** Columns shown from tablet width up; on a phone their content moves under the run id. */
const WIDE_ONLY = 'hidden md:table-cell';
const COLUMN_COUNT = 6;

/**
 * The runs as a table. Rows are memoised on the run object; React Query keeps unchanged runs
 * referentially equal between polls, so a refresh re-renders only the rows that changed. On a
 * phone only the status and run columns remain, with task, time, runtime and result stacked
 * under the id, so the list fits the screen without sideways scrolling.
 */
export function RunsTable({ runs, caption, taskFilterHref, describeFailure, selection, className }: RunsTableProps) {
  return (
    <div className={cx('overflow-x-auto', className)}>
      <table className="w-full border-collapse text-sm md:min-w-[760px]">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line bg-surface-muted/60">
          <tr>
            {/* Picking rows one by one is a wide-screen task; on a phone "all matching the filter" remains. */}
            {selection ? (
              <th scope="col" className={cx(HEAD, 'hidden w-px pr-0 md:table-cell')}>
                <span className="sr-only">Select</span>
              </th>
            ) : null}
            {/* On a phone the status column takes only what its badge needs. */}
            <th scope="col" className={cx(HEAD, 'w-px md:w-40')}>
              Status
            </th>
            <th scope="col" className={HEAD}>
              Run
            </th>
            <th scope="col" className={cx(HEAD, WIDE_ONLY)}>
              Task
            </th>
            <th scope="col" className={cx(HEAD, WIDE_ONLY)}>
              Source
            </th>
            <th scope="col" className={cx(HEAD, WIDE_ONLY, 'w-28')}>
              Created
            </th>
            <th scope="col" className={cx(HEAD_BOX, WIDE_ONLY, 'w-28 text-right')}>
              Runtime
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {runs.map((item, index) =>
            isUnreadableRunRow(item) ? (
              <UnreadableRow key={`unreadable:${item.id ?? index}`} item={item} selectable={!!selection} />
            ) : (
              <RunTableRow
                key={item.id}
                run={item}
                taskFilterHref={taskFilterHref}
                describeFailure={describeFailure}
                selected={selection ? selection.selected.has(item.id) : undefined}
                onToggle={selection?.toggle}
              />
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

const RunTableRow = memo(function RunTableRow({
  run,
  taskFilterHref,
  describeFailure,
  selected,
  onToggle,
}: {
  run: RunRow;
  taskFilterHref?: (taskId: string) => string;
  describeFailure?: DescribeFailure;
  /** Undefined: the table has no selection column. */
  selected?: boolean;
  onToggle?: (runId: string) => void;
}) {
  const navigate = useNavigate();
  const needsHuman = run.status !== null && statusGroup(run.status) === 'needs_human';
  const href = `/runs/${encodeURIComponent(run.id)}`;
  const note = rowNote(run);
  const failure = run.status === 'failed' || run.errorCount > 0 ? leadingError(run) : null;
  const since = waitingSince(run);

  // The id link is the keyboard and screen-reader path; a click anywhere else on the row is a
  // mouse shortcut, skipped when the person is selecting text or clicked another control.
  function onRowClick(event: MouseEvent<HTMLTableRowElement>) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    if ((event.target as HTMLElement).closest('a, button, input, select')) return;
    if (window.getSelection()?.toString()) return;
    void navigate(href);
  }

  const taskCell = run.taskId ? (
    taskFilterHref ? (
      <Link to={taskFilterHref(run.taskId)} title={`Show only runs of ${run.taskId}`} className="rounded hover:text-fg hover:underline">
        {run.taskId}
      </Link>
    ) : (
      run.taskId
    )
  ) : (
    <Missing />
  );

  return (
    <tr
      onClick={onRowClick}
      data-run-id={run.id}
      data-run-status={run.status ?? run.upstreamStatus}
      data-needs-human={needsHuman || undefined}
      data-shortcut-item
      data-shortcut-prompt={run.status === 'interaction_required' ? `${href}#interaction-title` : undefined}
      className={cx(
        'group cursor-pointer transition-colors',
        needsHuman
          ? 'bg-amber-50/60 shadow-[inset_3px_0_0_0_var(--color-amber-500)] hover:bg-amber-50 dark:bg-amber-400/[0.06] dark:hover:bg-amber-400/10'
          : 'hover:bg-surface-hover',
      )}
    >
      {selected !== undefined ? (
        <td className={cx(CELL_BOX, 'hidden w-px pr-0 align-top md:table-cell md:align-middle')}>
          <input
            type="checkbox"
            checked={selected}
            onChange={() => onToggle?.(run.id)}
            aria-label={`Select ${run.id}`}
            className="size-4 cursor-pointer accent-[var(--color-accent)]"
          />
        </td>
      ) : null}
      <td className={cx(CELL_BOX, 'align-top md:align-middle')}>
        <div className="flex flex-col items-start gap-1 md:flex-row md:flex-wrap md:items-center">
          <StatusBadge
            status={run.status}
            upstreamStatus={run.upstreamStatus}
            // An unrecognised status carries its raw text and a marker: on a phone it may take two lines,
            // as a rounded box rather than a pill (`!` outranks the badge's own pill shape).
            className={run.status === null ? 'flex-wrap gap-y-0.5 rounded-lg! md:flex-nowrap md:rounded-full!' : undefined}
          />
          {/* One pill when the status already says the result (Completed = success, Failed = failure). */}
          {resultAddsToStatus(run) ? <ResultBadge result={run.result} status={run.status} /> : null}
        </div>
      </td>
      <td className={cx(CELL, 'min-w-0')}>
        <Link
          to={href}
          data-shortcut-open
          className="rounded font-mono text-[13px] font-medium break-all text-accent-text hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
        >
          {run.id}
        </Link>
        {failure ? <FailureReason error={failure} describeFailure={describeFailure} /> : null}
        {since ? <WaitedFor since={since} status={run.status} /> : null}
        {note ? (
          <p className={cx('mt-0.5 line-clamp-2 max-w-md text-xs wrap-anywhere', note.tone)} title={note.title} data-testid="run-row-note">
            {note.text}
          </p>
        ) : null}
        <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-fg-muted md:hidden" data-testid="run-row-details">
          <span className="font-mono break-all">{taskCell}</span>
          <RelativeTime value={run.createdAt} />
          {run.runtimeMs !== null ? <span className="tabular-nums">{formatDuration(run.runtimeMs)}</span> : null}
        </div>
      </td>
      <td className={cx(CELL, WIDE_ONLY, 'font-mono text-[13px] text-fg-muted')}>{taskCell}</td>
      <td className={cx(CELL, WIDE_ONLY, 'font-mono text-[13px] text-fg-muted')}>{run.sourceId ?? <Missing />}</td>
      <td className={cx(CELL, WIDE_ONLY, 'whitespace-nowrap text-fg-muted')}>
        <RelativeTime value={run.createdAt} />
      </td>
      <td className={cx(CELL, WIDE_ONLY, 'text-right whitespace-nowrap text-fg-muted tabular-nums')}>{formatDuration(run.runtimeMs)}</td>
    </tr>
  );
});

/** A failed run's error code and its group, e.g. `blocked · Website`. */
function FailureReason({ error, describeFailure }: { error: RunError; describeFailure?: DescribeFailure }) {
  const group = describeFailure?.(error);
  return (
    <p className="mt-1 flex flex-wrap items-center gap-1.5 text-xs" data-testid="run-row-failure">
      <span className="rounded bg-red-50 px-1.5 py-0.5 font-mono text-red-800 ring-1 ring-red-200 ring-inset dark:bg-red-400/10 dark:text-red-200 dark:ring-red-400/25">
        {error.code?.trim() ? error.code : 'no code given'}
      </span>
      {group ? (
        <span className="text-fg-muted" title={group.meaning}>
          {group.group}
        </span>
      ) : null}
    </p>
  );
}

const WAITING_FOR: Partial<Record<NonNullable<RunRow['status']>, string>> = {
  queued: 'Queued for',
  interaction_required: 'Waiting for a person for',
  review_required: 'Waiting for review for',
};

/** How long a waiting run has waited, kept current by the page's one clock. */
function WaitedFor({ since, status }: { since: string; status: RunRow['status'] }) {
  const waited = useClockValue((now) => formatDuration(Math.max(0, now - Date.parse(since))));
  return (
    <p className="mt-1 text-xs text-fg-muted tabular-nums" data-testid="run-row-waited">
      {status ? WAITING_FOR[status] : 'Waiting for'} <span className="font-medium text-fg">{waited}</span>
    </p>
  );
}

/** One line under the id: what the run is waiting for, or why it failed. */
function rowNote(run: RunRow): { text: string; title: string; tone: string } | null {
  if (run.interaction) {
    const text = run.interaction.message || `Waiting for input (${run.interaction.type})`;
    return { text, title: text, tone: 'text-amber-800 dark:text-amber-200' };
  }
  const first = leadingError(run);
  if (first) {
    // The code is on its own line above; the note adds the message when there is one.
    const more = run.errorCount > 1 ? ` (+${run.errorCount - 1} more)` : '';
    const message = first.message || (first.code ? '' : 'An error with no code or message');
    if (!message && !more) return null;
    if (!message) return { text: `${run.errorCount - 1} more errors`, title: `${run.errorCount} errors`, tone: 'text-red-700 dark:text-red-300' };
    return { text: `${message}${more}`, title: `${first.code ?? 'no code given'}: ${message}`, tone: 'text-red-700 dark:text-red-300' };
  }
  return null;
}

/**
 * An item the server could not read: shown as a degraded row with what is known (its id, the
 * upstream's status text) and why, so the rest of the list is unaffected and support can follow up.
 */
function UnreadableRow({ item, selectable }: { item: UnreadableRunRow; selectable: boolean }) {
  return (
    <tr data-unreadable="true" data-run-id={item.id ?? undefined} data-shortcut-item className="bg-surface-muted/40">
      {selectable ? <td className={cx(CELL, 'hidden w-px pr-0 md:table-cell')} /> : null}
      <td className={cx(CELL_BOX, 'align-top')}>
        <Badge tone="warning" title="Runwatch could not read this run from the upstream's list">
          <WarningIcon className="size-3.5" />
          Unreadable
        </Badge>
      </td>
      {/* The problem sits in the run column: a cell spanning the columns a phone hides would squeeze the others. */}
      <td className={CELL}>
        {item.id ? (
          <Link
            to={`/runs/${encodeURIComponent(item.id)}`}
            data-shortcut-open
            className="rounded font-mono text-[13px] font-medium break-all text-accent-text hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
          >
            {item.id}
          </Link>
        ) : (
          <span className="text-[13px] text-fg-muted">Run without a readable id</span>
        )}
        <p className="mt-0.5 line-clamp-3 max-w-md text-xs text-fg-muted wrap-anywhere" title={item.problem} data-testid="unreadable-problem">
          {item.problem}
        </p>
        {item.upstreamStatus ? (
          <p className="mt-0.5 text-xs text-fg-muted">
            Upstream status <span className="font-mono wrap-anywhere">{item.upstreamStatus}</span>
          </p>
        ) : null}
      </td>
      <td className={cx(CELL, WIDE_ONLY)} colSpan={COLUMN_COUNT - 2} />
    </tr>
  );
}

function Missing() {
  return (
    <>
      <span aria-hidden="true" className="text-fg-subtle">
        —
      </span>
      <span className="sr-only">none</span>
    </>
  );
}

/** Placeholder rows while the first page loads, shaped like the real table. */
export function RunsTableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div role="status" aria-label="Loading runs" className="divide-y divide-line">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex items-center gap-6 px-4 py-3">
          <Skeleton className="h-5 w-24 rounded-full" />
          <Skeleton className="h-4 w-40" />
          <Skeleton className="hidden h-4 w-28 md:block" />
          <Skeleton className="hidden h-4 w-28 md:block" />
          <Skeleton className="ml-auto hidden h-4 w-16 sm:block" />
          <Skeleton className="hidden h-5 w-20 rounded-full sm:block" />
        </div>
      ))}
    </div>
  );
}
