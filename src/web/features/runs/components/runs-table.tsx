import { memo, type MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { RunSummary } from '../../../../contract/bff';
import { statusGroup } from '../../../../contract/run-status';
import { ResultBadge } from '../../../components/ui/result-badge';
import { RelativeTime } from '../../../components/ui/relative-time';
import { Skeleton } from '../../../components/ui/skeleton';
import { StatusBadge } from '../../../components/ui/status-badge';
import { cn } from '../../../lib/cn';
import { formatDuration } from '../../../lib/format';

interface RunsTableProps {
  runs: readonly RunSummary[];
  /** Accessible name of the table, e.g. "Runs" or "Runs needing a human". */
  caption: string;
  /** Builds the link for filtering by a task id (keeps the other filters). */
  taskFilterHref?: (taskId: string) => string;
  className?: string;
}

const HEAD = 'px-3 py-2 text-left text-[11px] font-semibold tracking-wide text-fg-subtle uppercase first:pl-4 last:pr-4';
const CELL = 'px-3 py-2.5 align-middle first:pl-4 last:pr-4';

/**
 * The runs as a table. Rows are memoised on the run object; React Query keeps unchanged runs
 * referentially equal between polls, so a refresh re-renders only the rows that changed.
 */
export function RunsTable({ runs, caption, taskFilterHref, className }: RunsTableProps) {
  return (
    <div className={cn('overflow-x-auto', className)}>
      <table className="w-full min-w-[760px] border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line bg-surface-muted/60">
          <tr>
            <th scope="col" className={cn(HEAD, 'w-40')}>Status</th>
            <th scope="col" className={HEAD}>Run</th>
            <th scope="col" className={HEAD}>Task</th>
            <th scope="col" className={HEAD}>Source</th>
            <th scope="col" className={cn(HEAD, 'w-28')}>Created</th>
            <th scope="col" className={cn(HEAD, 'w-28 text-right')}>Runtime</th>
            <th scope="col" className={cn(HEAD, 'w-32')}>Result</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {runs.map((run) => (
            <RunRow key={run.id} run={run} taskFilterHref={taskFilterHref} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const RunRow = memo(function RunRow({ run, taskFilterHref }: { run: RunSummary; taskFilterHref?: (taskId: string) => string }) {
  const navigate = useNavigate();
  const needsHuman = statusGroup(run.status) === 'needs_human';
  const href = `/runs/${encodeURIComponent(run.id)}`;

  // The id link is the keyboard and screen-reader path; a click anywhere else on the row is a
  // mouse shortcut, skipped when the person is selecting text or clicked another control.
  function onRowClick(event: MouseEvent<HTMLTableRowElement>) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    if ((event.target as HTMLElement).closest('a, button, input, select')) return;
    if (window.getSelection()?.toString()) return;
    void navigate(href);
  }

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
      <td className={CELL}>
        <StatusBadge status={run.status} upstreamStatus={run.upstreamStatus} />
      </td>
      <td className={CELL}>
        <Link
          to={href}
          className="rounded font-mono text-[13px] font-medium text-accent-text hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
        >
          {run.id}
        </Link>
      </td>
      <td className={cn(CELL, 'font-mono text-[13px] text-fg-muted')}>
        {run.taskId ? (
          taskFilterHref ? (
            <Link to={taskFilterHref(run.taskId)} title={`Show only runs of ${run.taskId}`} className="rounded hover:text-fg hover:underline">
              {run.taskId}
            </Link>
          ) : (
            run.taskId
          )
        ) : (
          <Missing />
        )}
      </td>
      <td className={cn(CELL, 'font-mono text-[13px] text-fg-muted')}>{run.sourceId ?? <Missing />}</td>
      <td className={cn(CELL, 'whitespace-nowrap text-fg-muted')}>
        <RelativeTime value={run.createdAt} />
      </td>
      <td className={cn(CELL, 'text-right whitespace-nowrap text-fg-muted tabular-nums')}>{formatDuration(run.runtimeMs)}</td>
      <td className={CELL}>
        <ResultBadge result={run.result} compact />
      </td>
    </tr>
  );
});

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
          <Skeleton className="h-4 w-28" />
          <Skeleton className="hidden h-4 w-28 sm:block" />
          <Skeleton className="ml-auto h-4 w-16" />
          <Skeleton className="h-5 w-20 rounded-full" />
        </div>
      ))}
    </div>
  );
}
