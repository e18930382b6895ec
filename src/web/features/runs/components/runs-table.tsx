import { memo, type MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { isUnreadableRunRow, type RunListItem, type RunRow, type UnreadableRunRow } from '../../../../contract/bff';
import { statusGroup } from '../../../../contract/run-status';
import { Badge } from '../../../components/ui/badge';
import { WarningIcon } from '../../../components/ui/icons';
import { ResultBadge } from '../../../components/ui/result-badge';
import { RelativeTime } from '../../../components/ui/relative-time';
import { Skeleton } from '../../../components/ui/skeleton';
import { StatusBadge } from '../../../components/ui/status-badge';
import { cn } from '../../../lib/cn';
import { formatDuration } from '../../../lib/format';

interface RunsTableProps {
  runs: readonly RunListItem[];
  /** Accessible name of the table, e.g. "Runs" or "Runs needing a human". */
  caption: string;
  /** Builds the link for filtering by a task id (keeps the other filters). */
  taskFilterHref?: (taskId: string) => string;
  className?: string;
}

const HEAD = 'px-3 py-2 text-left text-[11px] font-semibold tracking-wide text-fg-subtle uppercase first:pl-4 last:pr-4';
const CELL = 'px-3 py-2.5 align-middle first:pl-4 last:pr-4';
/** Columns shown from tablet width up; on a phone their content moves under the run id. */
const WIDE_ONLY = 'hidden md:table-cell';
const COLUMN_COUNT = 7;

/**
 * The runs as a table. Rows are memoised on the run object; React Query keeps unchanged runs
 * referentially equal between polls, so a refresh re-renders only the rows that changed. On a
 * phone only the status and run columns remain, with task, time, runtime and result stacked
 * under the id, so the list fits the screen without sideways scrolling.
 */
export function RunsTable({ runs, caption, taskFilterHref, className }: RunsTableProps) {
  return (
    <div className={cn('overflow-x-auto', className)}>
      <table className="w-full border-collapse text-sm md:min-w-[760px]">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line bg-surface-muted/60">
          <tr>
            {/* On a phone the status column takes only what its badge needs. */}
            <th scope="col" className={cn(HEAD, 'w-px md:w-40')}>Status</th>
            <th scope="col" className={HEAD}>Run</th>
            <th scope="col" className={cn(HEAD, WIDE_ONLY)}>Task</th>
            <th scope="col" className={cn(HEAD, WIDE_ONLY)}>Source</th>
            <th scope="col" className={cn(HEAD, WIDE_ONLY, 'w-28')}>Created</th>
            <th scope="col" className={cn(HEAD, WIDE_ONLY, 'w-28 text-right')}>Runtime</th>
            <th scope="col" className={cn(HEAD, WIDE_ONLY, 'w-32')}>Result</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {runs.map((item, index) =>
            isUnreadableRunRow(item) ? (
              <UnreadableRow key={`unreadable:${item.id ?? index}`} item={item} />
            ) : (
              <RunTableRow key={item.id} run={item} taskFilterHref={taskFilterHref} />
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

const RunTableRow = memo(function RunTableRow({ run, taskFilterHref }: { run: RunRow; taskFilterHref?: (taskId: string) => string }) {
  const navigate = useNavigate();
  const needsHuman = run.status !== null && statusGroup(run.status) === 'needs_human';
  const href = `/runs/${encodeURIComponent(run.id)}`;
  const note = rowNote(run);

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
      data-needs-human={needsHuman || undefined}
      className={cn(
        'group cursor-pointer transition-colors hover:bg-surface-hover',
        needsHuman && 'bg-amber-50/60 shadow-[inset_3px_0_0_0_var(--color-amber-500)] hover:bg-amber-50 dark:bg-amber-400/[0.06] dark:hover:bg-amber-400/10',
      )}
    >
      <td className={cn(CELL, 'align-top md:align-middle')}>
        <StatusBadge
          status={run.status}
          upstreamStatus={run.upstreamStatus}
          // An unrecognised status carries its raw text and a marker: on a phone it may take two lines,
          // as a rounded box rather than a pill (`!` outranks the badge's own pill shape).
          className={run.status === null ? 'flex-wrap gap-y-0.5 rounded-lg! md:flex-nowrap md:rounded-full!' : undefined}
        />
      </td>
      <td className={cn(CELL, 'min-w-0')}>
        <Link
          to={href}
          className="rounded font-mono text-[13px] font-medium break-all text-accent-text hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
        >
          {run.id}
        </Link>
        {note ? (
          <p className={cn('mt-0.5 line-clamp-2 max-w-md text-xs wrap-anywhere', note.tone)} title={note.title} data-testid="run-row-note">
            {note.text}
          </p>
        ) : null}
        <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-fg-muted md:hidden" data-testid="run-row-details">
          <span className="font-mono break-all">{taskCell}</span>
          <RelativeTime value={run.createdAt} />
          {run.runtimeMs !== null ? <span className="tabular-nums">{formatDuration(run.runtimeMs)}</span> : null}
          {run.result !== null ? <ResultBadge result={run.result} status={run.status} /> : null}
        </div>
      </td>
      <td className={cn(CELL, WIDE_ONLY, 'font-mono text-[13px] text-fg-muted')}>{taskCell}</td>
      <td className={cn(CELL, WIDE_ONLY, 'font-mono text-[13px] text-fg-muted')}>{run.sourceId ?? <Missing />}</td>
      <td className={cn(CELL, WIDE_ONLY, 'whitespace-nowrap text-fg-muted')}>
        <RelativeTime value={run.createdAt} />
      </td>
      <td className={cn(CELL, WIDE_ONLY, 'text-right whitespace-nowrap text-fg-muted tabular-nums')}>{formatDuration(run.runtimeMs)}</td>
      <td className={cn(CELL, WIDE_ONLY)}>
        <ResultBadge result={run.result} status={run.status} compact />
      </td>
    </tr>
  );
});

/** One line under the id: what the run is waiting for, or why it failed. */
function rowNote(run: RunRow): { text: string; title: string; tone: string } | null {
  if (run.interaction) {
    const text = run.interaction.message || `Waiting for input (${run.interaction.type})`;
    return { text, title: text, tone: 'text-amber-800 dark:text-amber-200' };
  }
  const [first] = run.errors;
  if (first) {
    const message = first.message || (first.code ? `Error ${first.code}` : 'An error with no code or message');
    const more = run.errorCount > 1 ? ` (+${run.errorCount - 1} more)` : '';
    return { text: `${message}${more}`, title: `${first.code ?? 'no code given'}: ${message}`, tone: 'text-red-700 dark:text-red-300' };
  }
  return null;
}

/**
 * An item the server could not read: shown as a degraded row with what is known (its id, the
 * upstream's status text) and why, so the rest of the list is unaffected and support can follow up.
 */
function UnreadableRow({ item }: { item: UnreadableRunRow }) {
  return (
    <tr data-unreadable="true" data-run-id={item.id ?? undefined} className="bg-surface-muted/40">
      <td className={cn(CELL, 'align-top')}>
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
      <td className={cn(CELL, WIDE_ONLY)} colSpan={COLUMN_COUNT - 2} />
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
