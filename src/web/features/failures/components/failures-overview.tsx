import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { FAILURE_WINDOWS, type FailureWindow, type FailuresResponse } from '@/contract/failures';
import { badgeVariants } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { ErrorState } from '@/web/components/ui/error-state';
import { Skeleton } from '@/web/components/ui/skeleton';
import { useClockValue } from '@/web/lib/clock';
import { cn } from '@/web/lib/cn';
import { formatTimeOfDay } from '@/web/lib/format';
import { useTimeZonePreference } from '@/web/lib/time-zone-preference';
import { failuresQueries } from '../api/failures-queries';
import { failedRunsLink, windowFromSearch } from '../utils/failure-links';
import { ERROR_GROUP_LABELS, WINDOW_LABELS, errorLabel } from '../utils/failure-labels';
import { FailureGroupList, type FailureGroupRow } from './failure-group-list';
import { FailureShareBars, GROUP_SWATCH } from './failure-share-bars';
import { FailureSparkline } from './failure-sparkline';

const BUCKET_LABELS: Record<FailureWindow, string> = { '1h': '5 minutes', '24h': 'hour', '7d': '6 hours', '30d': 'day' };

/** Failed runs of a window grouped by error, source and task, so one outage is one glance. */
export function FailuresOverview() {
  const [params, setParams] = useSearchParams();
  const window = windowFromSearch(params.get('window'));
  const report = useQuery(failuresQueries.report(window));
  const [zone] = useTimeZonePreference();

  const chooseWindow = (next: FailureWindow) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        updated.set('window', next);
        return updated;
      },
      { replace: true },
    );

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-fg">Failures</h1>
          <p className="mt-1 text-sm text-fg-muted">Failed runs grouped by error, website and task, from Runwatch's run index.</p>
        </div>
        <div role="group" aria-label="Window" className="inline-flex rounded-control bg-surface-muted p-0.5 ring-1 ring-inset ring-line">
          {FAILURE_WINDOWS.map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={option === window}
              title={WINDOW_LABELS[option]}
              onClick={() => chooseWindow(option)}
              className={cn(
                'rounded-[calc(var(--radius-control)-2px)] px-3 py-1.5 text-sm font-medium tabular-nums',
                'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus',
                option === window ? 'bg-surface text-fg shadow-sm ring-1 ring-line' : 'text-fg-muted hover:text-fg',
              )}
            >
              {option}
            </button>
          ))}
        </div>
      </div>

      {report.isPending ? (
        <div className="space-y-4" aria-busy="true">
          <Skeleton className="h-28 w-full" />
          <Skeleton className="h-64 w-full" />
        </div>
      ) : report.isError && !report.data ? (
        <Card>
          <ErrorState
            title="The failures could not be counted"
            description={report.error.message}
            actions={
              <Button variant="secondary" onClick={() => void report.refetch()}>
                Try again
              </Button>
            }
          />
        </Card>
      ) : (
        <FailuresReport report={report.data} window={window} zone={zone} stale={report.isPlaceholderData} />
      )}
    </div>
  );
}

function FailuresReport({
  report,
  window,
  zone,
  stale,
}: {
  report: FailuresResponse;
  window: FailureWindow;
  zone: ReturnType<typeof useTimeZonePreference>[0];
  stale: boolean;
}) {
  // Minute steps are enough for "since 09:12 · last 4 min ago", and re-render the page once a minute.
  const now = useClockValue((ms) => Math.floor(ms / 60_000) * 60_000);
  const bucketLabel = BUCKET_LABELS[window];
  const windowLabel = WINDOW_LABELS[window].toLowerCase();
  const top = report.byError[0];

  const errorRows: FailureGroupRow[] = report.byError.map((item) => ({
    key: `${item.group}:${item.type ?? ''}:${item.code ?? ''}`,
    title: <span className="font-mono">{errorLabel(item.code, item.type)}</span>,
    titleText: errorLabel(item.code, item.type),
    detail: (
      <>
        <GroupTag group={item.group} />
        {item.type ? <span>type {item.type}</span> : null}
        <span>
          {item.sources} {item.sources === 1 ? 'website' : 'websites'} · {item.tasks} {item.tasks === 1 ? 'task' : 'tasks'}
        </span>
      </>
    ),
    runs: item.runs,
    firstSeen: item.firstSeen,
    lastSeen: item.lastSeen,
    series: item.series,
    to: failedRunsLink(report.window, { kind: 'error', group: item.group, code: item.code }),
  }));
  const placeRows = (items: FailuresResponse['bySource'] | FailuresResponse['byTask'], kind: 'source' | 'task'): FailureGroupRow[] =>
    items.map((item) => {
      const id = 'sourceId' in item ? item.sourceId : item.taskId;
      const unknown = kind === 'source' ? 'website not known' : 'task not known';
      return {
        key: id ?? `(${kind})`,
        title: id ? <span className="font-mono">{id}</span> : <span className="italic">{unknown}</span>,
        titleText: id ?? unknown,
        detail: item.topError ? (
          <>
            <GroupTag group={item.topError.group} />
            <span>
              mostly <span className="font-mono">{errorLabel(item.topError.code, null)}</span> ({item.topError.runs})
            </span>
          </>
        ) : null,
        runs: item.runs,
        firstSeen: item.firstSeen,
        lastSeen: item.lastSeen,
        series: item.series,
        to: failedRunsLink(report.window, kind === 'source' ? { kind, sourceId: id } : { kind, taskId: id }),
      };
    });

  const nothing = `No failed runs in the ${windowLabel}.`;
  return (
    <div className={cn('space-y-5 transition-opacity', stale && 'opacity-60')}>
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-4 p-4">
          <div>
            <div className="text-3xl font-semibold tabular-nums text-fg" data-testid="failures-total">
              {report.total}
            </div>
            <div className="text-sm text-fg-muted">
              failed {report.total === 1 ? 'run' : 'runs'} in the {windowLabel}
              {top ? (
                <>
                  {' · '}most: <span className="font-mono text-fg">{errorLabel(top.code, top.type)}</span> since {formatTimeOfDay(top.firstSeen, now, zone)}
                </>
              ) : null}
            </div>
          </div>
          <FailureSparkline series={report.series} bucketLabel={bucketLabel} className="h-10 w-full max-w-80 sm:w-64" />
        </div>
        {report.errorsPending > 0 || report.truncated ? (
          <div className="border-t border-line px-4 py-2 text-xs text-fg-muted">
            {report.errorsPending > 0 ? (
              <p>
                The errors of {report.errorsPending} failed {report.errorsPending === 1 ? 'run are' : 'runs are'} still being read; they count as unknown until
                then.
              </p>
            ) : null}
            {report.truncated ? <p>More runs failed than one report reads; the counts cover the newest of them.</p> : null}
          </div>
        ) : null}
      </Card>

      <Card title="Who caused them" description="By the upstream's error groups: the platform, the request, or the website (source).">
        <div className="p-4">
          <FailureShareBars shares={report.shares} total={report.total} linkFor={(group) => failedRunsLink(report.window, { kind: 'group', group })} />
        </div>
      </Card>

      <Card title="By error" flush>
        <FailureGroupList rows={errorRows} bucketLabel={bucketLabel} now={now} zone={zone} empty={nothing} />
      </Card>

      <div className="grid grid-cols-1 gap-5 xl:grid-cols-2">
        <Card title="By website" flush>
          <FailureGroupList rows={placeRows(report.bySource, 'source')} bucketLabel={bucketLabel} now={now} zone={zone} empty={nothing} />
        </Card>
        <Card title="By task" flush>
          <FailureGroupList rows={placeRows(report.byTask, 'task')} bucketLabel={bucketLabel} now={now} zone={zone} empty={nothing} />
        </Card>
      </div>
    </div>
  );
}

function GroupTag({ group }: { group: keyof typeof ERROR_GROUP_LABELS }) {
  return (
    // The badge's own gap, narrowed: `cn` lets the later gap replace it.
    <span title={ERROR_GROUP_LABELS[group].hint} className={cn(badgeVariants({ tone: 'neutral' }), 'gap-1')}>
      <span className={cn('size-2 rounded-sm', GROUP_SWATCH[group])} aria-hidden="true" />
      {ERROR_GROUP_LABELS[group].label}
    </span>
  );
}
