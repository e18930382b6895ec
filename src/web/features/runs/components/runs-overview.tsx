import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { isUnreadableRunRow, type Freshness, type RunRow } from '@/contract/bff';
import { Alert } from '@/web/components/ui/alert';
import { Button } from '@/web/components/ui/button';
import { Card } from '@/web/components/ui/card';
import { EmptyState } from '@/web/components/ui/empty-state';
import { ErrorState } from '@/web/components/ui/error-state';
import { HandIcon, RefreshIcon } from '@/web/components/ui/icons';
import { RelativeTime } from '@/web/components/ui/relative-time';
import { ApiRequestError } from '@/web/lib/api-request-error';
import { cx } from '@/web/lib/cx';
import { formatDateTime } from '@/web/lib/format';
import { useItemShortcuts } from '@/web/lib/keyboard-shortcuts';
import { fetchAllMatching } from '../api/bulk-cancel';
import { runsQueries } from '../api/runs-queries';
import { mergeRunPages, pagesFreshness } from '../utils/merge-run-pages';
import { EMPTY_FILTERS, hasAnyFilter, NEEDS_HUMAN_STATUSES, runFiltersToSearchParams } from '../utils/run-filters';
import { useRunFilters } from '../utils/use-run-filters';
import { RunsFilterBar } from './runs-filter-bar';
import { ExportLinks, LinkedFilterChips, SelectionBar } from './runs-list-tools';
import { RunsTable, RunsTableSkeleton, type DescribeFailure } from './runs-table';

type StaleReason = NonNullable<Freshness['staleReason']>;

const STALE_TITLES: Record<StaleReason, string> = {
  upstream_unavailable: 'Showing cached data — upstream unavailable',
  upstream_rate_limited: 'Showing cached data — upstream rate-limited us',
  budget_exhausted: 'Showing cached data — request budget busy',
};

const STALE_EXPLANATIONS: Record<StaleReason, string> = {
  upstream_unavailable: 'The Task Run API is not answering.',
  upstream_rate_limited: 'The Task Run API asked Runwatch to slow down; Runwatch is retrying.',
  budget_exhausted: 'Runwatch is holding back its requests to the Task Run API for a moment.',
};

/** The bulk cancel dialog is its own chunk: the list's first view does not need it before someone picks runs. */
const loadBulkCancelDialog = () => import('./bulk-cancel-dialog');
const BulkCancelDialog = lazy(async () => ({ default: (await loadBulkCancelDialog()).BulkCancelDialog }));

/** Rows shown in the "needs a human" panel before it links to the filtered list. */
const NEEDS_HUMAN_PREVIEW = 5;

export interface RunsOverviewProps {
  /** Names the group of a failed run's error (the page brings the error catalogue). */
  describeFailure?: DescribeFailure;
  /** The person may cancel runs: rows get checkboxes and the bulk cancel. */
  canCancel?: boolean;
}

/** The operator's overview: what is running, what is stuck, what needs a person. */
export function RunsOverview({ describeFailure, canCancel = false }: RunsOverviewProps) {
  const [filters, setFilterState] = useRunFilters();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  useItemShortcuts('Runs list', (to) => void navigate(to));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [preview, setPreview] = useState<{ runs: RunRow[]; more: boolean } | null>(null);
  const [gathering, setGathering] = useState(false);
  const [gatherError, setGatherError] = useState<string | null>(null);
  // A new filter is a new list: what was picked in the old one is dropped.
  const setFilters = useCallback(
    (next: typeof filters) => {
      setSelected(new Set());
      setFilterState(next);
    },
    [setFilterState],
  );
  const toggle = useCallback((runId: string) => {
    // Picking a run is the cue: the dialog's chunk arrives before the cancel button is pressed.
    void loadBulkCancelDialog().catch(() => undefined);
    setSelected((previous) => {
      const next = new Set(previous);
      if (!next.delete(runId)) next.add(runId);
      return next;
    });
  }, []);
  const selection = useMemo(() => (canCancel ? { selected, toggle } : undefined), [canCancel, selected, toggle]);
  const list = useInfiniteQuery(runsQueries.list(filters));
  const showNeedsHuman = filters.statuses.length === 0 && filters.outcome === null;
  const needsHuman = useQuery({ ...runsQueries.needsHuman(filters), enabled: showNeedsHuman });

  const pages = list.data?.pages;
  const runs = useMemo(() => (pages ? mergeRunPages(pages) : []), [pages]);
  const freshness = useMemo(() => (pages ? pagesFreshness(pages) : null), [pages]);
  const needsHumanRuns = showNeedsHuman ? (needsHuman.data?.runs ?? []) : [];

  const taskFilterHref = (taskId: string) => `${pathname}?${runFiltersToSearchParams({ ...filters, taskId }).toString()}`;

  async function previewAllMatching() {
    void loadBulkCancelDialog().catch(() => undefined);
    setGathering(true);
    setGatherError(null);
    try {
      setPreview(await fetchAllMatching(filters));
    } catch (error) {
      setGatherError(describeError(error).description);
    } finally {
      setGathering(false);
    }
  }

  function previewSelected() {
    const byId = new Map<string, RunRow>();
    for (const item of [...runs, ...needsHumanRuns]) if (!isUnreadableRunRow(item)) byId.set(item.id, item);
    setPreview({ runs: [...selected].flatMap((id) => byId.get(id) ?? []), more: false });
  }

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-fg">Runs</h1>
          <p className="mt-1 text-sm text-fg-muted">Every task run in the organisation, newest first.</p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <ExportLinks filters={filters} />
          <LiveIndicator updatedAt={list.dataUpdatedAt} fetching={list.isFetching} onRefresh={() => void list.refetch()} failing={list.isRefetchError} />
        </div>
      </div>

      <RunsFilterBar filters={filters} onChange={setFilters} />
      <LinkedFilterChips filters={filters} onChange={setFilters} formatTime={(iso) => formatDateTime(iso)} />
      {gatherError ? (
        <Alert tone="warning" title="The matching runs could not be gathered">
          {gatherError}
        </Alert>
      ) : null}
      {preview ? (
        <Suspense fallback={null}>
          <BulkCancelDialog
            runs={preview.runs}
            more={preview.more}
            onClose={() => {
              setPreview(null);
              setSelected(new Set());
            }}
          />
        </Suspense>
      ) : null}

      {freshness?.stale ? (
        <Alert tone="warning" title={STALE_TITLES[freshness.staleReason ?? 'upstream_unavailable']}>
          {STALE_EXPLANATIONS[freshness.staleReason ?? 'upstream_unavailable']} This list is from{' '}
          {freshness.oldestFetchedAt ? <RelativeTime value={freshness.oldestFetchedAt} /> : 'earlier'}. It refreshes by itself.
        </Alert>
      ) : null}
      {list.isRefetchError && list.data ? (
        <Alert tone="warning" title="Could not refresh" role="status">
          {describeError(list.error).description} Showing the last list received <RelativeTime value={list.dataUpdatedAt} />.
        </Alert>
      ) : null}

      {needsHumanRuns.length > 0 ? (
        <Card
          title={
            <span className="flex items-center gap-2">
              <HandIcon className="size-4 text-attention" />
              Needs a human
              <span className="rounded-full bg-amber-100 px-1.5 text-xs font-semibold tabular-nums text-amber-900 dark:bg-amber-400/15 dark:text-amber-200">
                {needsHumanRuns.length}
                {needsHuman.data?.hasMore ? '+' : ''}
              </span>
            </span>
          }
          description="Waiting for an answer (MFA code, security question, account choice) or a review."
          flush
          id="needs-human"
          tone="attention"
        >
          <RunsTable
            runs={needsHumanRuns.slice(0, NEEDS_HUMAN_PREVIEW)}
            caption="Runs needing a human"
            taskFilterHref={taskFilterHref}
            describeFailure={describeFailure}
          />
          {needsHumanRuns.length > NEEDS_HUMAN_PREVIEW || needsHuman.data?.hasMore ? (
            <div className="border-t border-line px-4 py-2.5 text-xs">
              <Link
                to={`${pathname}?${runFiltersToSearchParams({ ...filters, statuses: [...NEEDS_HUMAN_STATUSES] }).toString()}`}
                className="font-medium text-accent-text hover:underline"
              >
                Show all runs needing a human
              </Link>
            </div>
          ) : null}
        </Card>
      ) : null}

      <Card
        title={hasAnyFilter(filters) ? 'Matching runs' : 'All runs'}
        id="all-runs"
        flush
        className={cx('overflow-hidden transition-opacity', list.isPlaceholderData && 'opacity-60')}
        aria-busy={list.isPlaceholderData || undefined}
      >
        {canCancel && runs.length > 0 ? (
          <SelectionBar
            count={selected.size}
            gathering={gathering}
            onSelectAllMatching={() => void previewAllMatching()}
            onCancel={previewSelected}
            onClear={() => setSelected(new Set())}
          />
        ) : null}
        {list.isPending ? (
          <RunsTableSkeleton />
        ) : list.isError && !list.data ? (
          <RunsError error={list.error} retrying={list.isFetching} onRetry={() => void list.refetch()} />
        ) : runs.length === 0 ? (
          <NoRuns filtered={hasAnyFilter(filters)} onClear={() => setFilters(EMPTY_FILTERS)} />
        ) : (
          <>
            <RunsTable runs={runs} caption="Runs" taskFilterHref={taskFilterHref} describeFailure={describeFailure} selection={selection} />
            <div className="flex items-center justify-between gap-3 border-t border-line bg-surface-muted/50 px-4 py-2.5 text-xs text-fg-muted">
              <span className="tabular-nums">
                {runs.length} {runs.length === 1 ? 'run' : 'runs'} shown
                {list.hasNextPage ? '' : ' · end of list'}
              </span>
              {list.hasNextPage ? (
                <Button size="sm" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                  Load more
                </Button>
              ) : null}
            </div>
          </>
        )}
      </Card>
    </div>
  );
}

function LiveIndicator({ updatedAt, fetching, failing, onRefresh }: { updatedAt: number; fetching: boolean; failing: boolean; onRefresh: () => void }) {
  return (
    <div className="flex items-center gap-3 text-xs text-fg-muted">
      <span className="inline-flex items-center gap-1.5">
        <span aria-hidden="true" className="relative inline-flex size-2">
          {!failing ? <span className="absolute inset-0 rounded-full bg-emerald-500 opacity-60 motion-safe:animate-ping" /> : null}
          <span className={cx('relative inline-flex size-2 rounded-full', failing ? 'bg-amber-500' : 'bg-emerald-500')} />
        </span>
        <span>{failing ? 'Reconnecting' : 'Live'}</span>
        {updatedAt > 0 ? (
          <span className="text-fg-subtle">
            · updated <RelativeTime value={updatedAt} />
          </span>
        ) : null}
      </span>
      <Button
        size="sm"
        variant="ghost"
        onClick={onRefresh}
        disabled={fetching}
        icon={<RefreshIcon className={cx('size-3.5', fetching && 'motion-safe:animate-spin')} />}
      >
        Refresh
      </Button>
    </div>
  );
}

function describeError(error: unknown): { title: string; description: string; details?: string } {
  if (error instanceof ApiRequestError) {
    const details = [error.code, error.requestId && `request ${error.requestId}`].filter(Boolean).join(' · ');
    if (error.status === 503) {
      const wait = error.retryAfterSeconds ? ` Runwatch will try again in about ${error.retryAfterSeconds} s.` : '';
      return { title: 'The Task Run API is busy', description: `The upstream asked Runwatch to slow down.${wait}`, details };
    }
    if (error.status === 0) {
      return { title: 'Runwatch cannot be reached', description: 'Check your connection; the list will load as soon as Runwatch answers.' };
    }
    if (error.status === 502 || error.status === 504) {
      return { title: 'The Task Run API is not answering', description: 'Runwatch is up, but the upstream did not respond.', details };
    }
    return { title: 'The runs could not be loaded', description: error.message, details };
  }
  return { title: 'The runs could not be loaded', description: error instanceof Error ? error.message : 'Unknown error.' };
}

function RunsError({ error, retrying, onRetry }: { error: unknown; retrying: boolean; onRetry: () => void }) {
  const { title, description, details } = describeError(error);
  return (
    <ErrorState
      title={title}
      description={description}
      details={details}
      actions={
        <Button variant="primary" onClick={onRetry} loading={retrying} icon={<RefreshIcon className="size-4" />}>
          Try again
        </Button>
      }
    />
  );
}

function NoRuns({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  if (filtered) {
    return (
      <EmptyState
        title="No runs match these filters"
        description="Try a wider time range or fewer statuses."
        action={
          <Button onClick={onClear} variant="secondary">
            Clear filters
          </Button>
        }
      />
    );
  }
  return <EmptyState title="No runs yet" description="Runs started through the Task Run API show up here within seconds." />;
}
