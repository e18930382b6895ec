import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { dateTimeTitle, formatRelative, formatTimeOfDay } from '@/web/lib/format';
import type { TimeZonePreference } from '@/web/lib/time-zone-preference';
import { FailureSparkline } from './failure-sparkline';

export interface FailureGroupRow {
  key: string;
  /** What the group is: an error code, a source id, a task id. */
  title: ReactNode;
  /** Plain text of the title, for the link's accessible name. */
  titleText: string;
  /** A line under the title: group, type, spread, top error. */
  detail: ReactNode;
  runs: number;
  firstSeen: string;
  lastSeen: string;
  series: readonly number[];
  to: string;
}

export interface FailureGroupListProps {
  rows: readonly FailureGroupRow[];
  bucketLabel: string;
  now: number;
  zone: TimeZonePreference;
  /** Shown when the window has no failed runs at all. */
  empty: ReactNode;
}

/**
 * Groups of failed runs, most first: count, "since" its first failure and when it last failed,
 * and a sparkline; each row opens the runs list filtered to the group.
 */
export function FailureGroupList({ rows, bucketLabel, now, zone, empty }: FailureGroupListProps) {
  if (rows.length === 0) return <p className="px-4 py-6 text-sm text-fg-muted">{empty}</p>;
  return (
    <ul className="divide-y divide-line">
      {rows.map((row) => (
        <li key={row.key} data-testid="failure-group">
          <Link
            to={row.to}
            aria-label={`${row.titleText}: ${row.runs} failed ${row.runs === 1 ? 'run' : 'runs'} since ${formatTimeOfDay(row.firstSeen, now, zone)}, show them`}
            className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 hover:bg-surface-hover focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus"
          >
            <div className="min-w-0 flex-1 basis-48">
              <div className="truncate text-sm font-medium text-fg">{row.title}</div>
              <div className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-fg-muted">{row.detail}</div>
            </div>
            {/* On a phone the numbers take their own line under the title: count and times left, sparkline right. */}
            <div className="flex w-full min-w-0 items-center justify-between gap-4 sm:w-auto sm:justify-end">
              <div className="min-w-0 sm:text-right">
                <div className="text-lg leading-tight font-semibold tabular-nums text-fg" data-testid="failure-count">
                  {row.runs}
                </div>
                <div className="text-xs text-fg-muted">
                  <span title={dateTimeTitle(row.firstSeen, zone)}>since {formatTimeOfDay(row.firstSeen, now, zone)}</span>
                  {' · '}
                  <span title={dateTimeTitle(row.lastSeen, zone)} className="whitespace-nowrap">
                    last {formatRelative(row.lastSeen, now, zone)}
                  </span>
                </div>
              </div>
              <FailureSparkline series={row.series} bucketLabel={bucketLabel} />
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
