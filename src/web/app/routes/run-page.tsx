import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, use, useDeferredValue, useLayoutEffect, useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import type { RunResponse, RunView, SectionProblem } from '@/contract/bff';
import { isValidId } from '@/contract/ids';
import { ROLE } from '@/contract/roles';
import { isTerminal } from '@/contract/run-status';
import { Card } from '@/web/components/ui/card';
import { OnDemand } from '@/web/components/ui/on-demand';
import { Skeleton } from '@/web/components/ui/skeleton';
import { Tabs } from '@/web/components/ui/tabs';
import { RunAuditList } from '@/web/features/audit/components/run-audit-list';
import { ScreenshotGallery } from '@/web/features/gallery/components/screenshot-gallery';
import { useShotParam } from '@/web/features/gallery/hooks/use-shot-param';
import { inTimeOrder } from '@/web/features/gallery/utils/shot-order';
import { takeEarlyRunRead } from '@/web/features/run-detail/api/early-run-read';
import { runQueries } from '@/web/features/run-detail/api/run-queries';
import { useRunCache } from '@/web/features/run-detail/api/use-run-cache';
import { useScreenshotProgress } from '@/web/features/run-detail/api/use-screenshot-progress';
import { PinButton } from '@/web/features/board/components/pin-button';
import { CancelRunButton } from '@/web/features/run-detail/components/cancel-run-button';
import { ConnectionBanner, type FailedRead } from '@/web/features/run-detail/components/connection-banner';
import { FreshnessIndicator } from '@/web/features/run-detail/components/freshness-indicator';
import { ReviewBanner } from '@/web/features/run-detail/components/review-banner';
import { SectionProblemNotice } from '@/web/features/run-detail/components/section-problem-notice';
import { RunHeader } from '@/web/features/run-detail/components/run-header';
import { StatusAnnouncer } from '@/web/features/run-detail/components/status-announcer';
import { useFirstFailedRead } from '@/web/features/run-detail/hooks/use-first-failed-read';
import { useOnline } from '@/web/features/run-detail/hooks/use-online-status';
import { usePageHidden } from '@/web/features/run-detail/hooks/use-page-visibility';
import { useTimelineFollowsStatus } from '@/web/features/run-detail/hooks/use-timeline-follows-status';
import { deriveFreshness, isOutdated } from '@/web/features/run-detail/utils/freshness-state';
import { summarizeRun } from '@/web/features/run-detail/utils/run-summary';
import { OutputPanel } from '@/web/features/run-output/components/output-panel';
import { RawRunPanel } from '@/web/features/run-output/components/raw-run-panel';
import { StatusTimeline } from '@/web/features/timeline/components/status-timeline';
import { buildTimeline } from '@/web/features/timeline/utils/timeline-segments';
import { TicketActions } from '@/web/features/ticket/components/ticket-actions';
import { useViewParam } from '@/web/features/ticket/hooks/use-view-param';
import { sessionQueries } from '@/web/features/session/api/session-queries';
import { lazyModule, lazyModules } from '@/web/lib/lazy-module';
import { statusLabel } from '@/web/lib/status-display';
import { useTimeZonePreference } from '@/web/lib/time-zone-preference';
import { cx } from '@/web/lib/cx';
import { useDocumentTitle } from '@/web/lib/use-document-title';

/*
 * Sections only some runs need are loaded when a run needs them, so a finished run without errors
 * does not download them: the explained errors (their catalogue is long) and the answer form.
 */
const runErrorsModule = lazyModule(async () => {
  const [{ ErrorPanel }, { failureHeadline }, { explainError }] = await Promise.all([
    import('@/web/features/run-errors/components/error-panel'),
    import('@/web/features/run-errors/utils/failure-headline'),
    import('@/web/features/run-errors/error-catalogue'),
  ]);
  return { ErrorPanel, failureHeadline, explainError };
});
const interactionModule = lazyModule(() => import('@/web/features/interaction/components/interaction-panel'));

// What the page says when there is no run to show loads only then.
const InvalidRunIdState = lazy(async () => ({ default: (await import('@/web/features/run-detail/components/invalid-run-id-state')).InvalidRunIdState }));
const RunUnavailableState = lazy(async () => ({
  default: (await import('@/web/features/run-detail/components/run-unavailable-state')).RunUnavailableState,
}));

// The input and files tabs load when opened: the run data card opens on the output.
const InputPanel = lazy(async () => ({ default: (await import('@/web/features/run-output/components/input-panel')).InputPanel }));
const FilesPanel = lazy(async () => ({ default: (await import('@/web/features/run-output/components/files-panel')).FilesPanel }));

/** A run is final only in a terminal status Runwatch knows; an unrecognised one (null) may still move. */
function isFinal(run: Pick<RunView, 'status'>): boolean {
  return run.status !== null && isTerminal(run.status);
}

/** Only a live run can be waiting for an answer (or just have had one); only errors need explaining. */
function runSections(run: RunView) {
  return lazyModules(isFinal(run) ? null : interactionModule, run.errors.length > 0 ? runErrorsModule : null);
}

/** Sections the page marks as degraded in place; problems with any other part are listed under the header. */
const PLACED_SECTIONS = new Set(['output', 'input', 'files', 'screenshots', 'errors', 'interaction']);

/** Tabs of the run data card; the open one is in the address (`?tab=`) so a shared link opens it. */
const DATA_TABS = ['output', 'input', 'files'] as const;

function problemsOf(run: RunView, section: string): SectionProblem[] {
  return run.sectionProblems.filter((problem) => problem.section === section);
}

/** How the tab title reads the status: the label, or the upstream's own word when unrecognised. */
function titleStatus(run: RunView): string {
  return run.status === null ? `${run.upstreamStatus} (unrecognised)` : statusLabel(run.status);
}

/**
 * Hands a read started as the document loaded to the run's query, once, if the query has nothing
 * yet. A layout effect runs before the query's own subscription starts a fetch, which then joins
 * this one.
 */
function useEarlyRead(runId: string, read: Promise<RunResponse> | undefined): void {
  const queryClient = useQueryClient();
  useLayoutEffect(() => {
    if (!read) return;
    const options = runQueries.detail(runId);
    if (queryClient.getQueryState(options.queryKey)?.data !== undefined) return;
    void queryClient.prefetchQuery({ ...options, queryFn: () => read });
  }, [queryClient, runId, read]);
}

/** The run page `/runs/:runId`: everything about one run, kept live until the run is final. */
export function RunPage() {
  const { runId = '' } = useParams();
  // A malformed id never reaches the network.
  if (!isValidId('run', runId)) {
    return (
      <PageFrame title="Invalid run id" heading="Invalid run id">
        <OnDemand what="explanation">
          <InvalidRunIdState runId={runId} />
        </OnDemand>
      </PageFrame>
    );
  }
  return <RunDetail key={runId} runId={runId} />;
}

function PageFrame({ title, heading, children }: { title: string; heading: string; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <div>
      <h1 className="sr-only">{heading}</h1>
      {children}
    </div>
  );
}

function RunDetail({ runId }: { runId: string }) {
  const [early] = useState(() => takeEarlyRunRead(runId));
  // A final run whose early read is already in shows in this first render (final data is never
  // read again); any other early read joins the query as it lands.
  const finalRead = early?.settled && isFinal(early.settled.run) ? early.settled : undefined;
  useEarlyRead(runId, finalRead ? undefined : early?.read);
  const detail = useQuery(finalRead ? { ...runQueries.detail(runId), initialData: finalRead } : runQueries.detail(runId));
  const session = useQuery(sessionQueries.current());
  // A failing or missing session means "cannot operate": the server enforces roles regardless.
  const role = session.data?.user.role;
  const canOperate = role === ROLE.operator || role === ROLE.admin;

  // A response whose sections are here shows at once. One that needs a section still loading (a live
  // run just failed) leaves the previous response on screen until it arrives, not the skeleton.
  const previous = useDeferredValue(detail.data);
  const response = detail.data && runSections(detail.data.run).status === 'fulfilled' ? detail.data : previous;
  const failedRead = useFirstFailedRead(detail.error, detail.isRefetchError);

  if (response) {
    return (
      // On first view the page waits for the sections the run needs, so it appears whole.
      <Suspense fallback={<RunLoading runId={runId} />}>
        <RunLoaded runId={runId} response={response} canOperate={canOperate} lastPollFailed={detail.isRefetchError} failedRead={failedRead} />
      </Suspense>
    );
  }
  if (detail.error) {
    return (
      <PageFrame title={`Run unavailable · ${runId}`} heading={`Run ${runId}`}>
        <OnDemand what="explanation">
          <RunUnavailableState runId={runId} error={detail.error} onRetry={() => void detail.refetch()} retrying={detail.isFetching} />
        </OnDemand>
      </PageFrame>
    );
  }
  return <RunLoading runId={runId} />;
}

function RunLoading({ runId }: { runId: string }) {
  return (
    <PageFrame title={`Loading ${runId}`} heading={`Run ${runId}`}>
      <RunPageSkeleton />
    </PageFrame>
  );
}

interface RunLoadedProps {
  runId: string;
  response: RunResponse;
  canOperate: boolean;
  lastPollFailed: boolean;
  failedRead: FailedRead | null;
}

function RunLoaded({ runId, response, canOperate, lastPollFailed, failedRead }: RunLoadedProps) {
  const { run, freshness } = response;
  const live = !isFinal(run);
  // Every time on the page follows the viewer's Local/UTC choice.
  useTimeZonePreference();
  // The header (status, ids) commits first, alone; its actions and the cards below follow in a
  // background render that yields to the browser. The reads only they need (the timeline, the
  // watchlist behind the pin) start with them, so the status commit starts no fetch of its own.
  const sectionsShown = useDeferredValue(true, false);
  const timeline = useQuery({ ...runQueries.timeline(runId), enabled: sectionsShown });
  useTimelineFollowsStatus(runId, run.upstreamStatus);
  // New screenshots of a working run, read only while the gallery card (id below) is on screen.
  useScreenshotProgress(runId, run.status, 'screenshots');
  const hidden = usePageHidden();
  const online = useOnline();
  const runCache = useRunCache(runId);
  const { shot, setShot } = useShotParam();
  const [dataTab, setDataTab] = useViewParam('tab', DATA_TABS, 'output');
  const [interaction, runErrors] = use(runSections(run));

  const summary = summarizeRun(run, run.status === 'failed' && runErrors ? runErrors.failureHeadline(run.errors) : null);
  useDocumentTitle(`${titleStatus(run)} · ${run.id}`);

  const freshnessState = deriveFreshness({
    status: run.status,
    hidden,
    offline: !online,
    lastPollFailed,
    serverStale: freshness.stale,
    staleReason: freshness.staleReason ?? null,
    fetchedAt: freshness.fetchedAt,
  });
  const outdated = isOutdated(freshnessState);
  const otherProblems = run.sectionProblems.filter((problem) => !PLACED_SECTIONS.has(problem.section));
  const partial = (section: string) => (problemsOf(run, section).length > 0 ? 'partial' : undefined);

  const shots = run.screenshots;
  const resultFirst = !live && ((run.output !== null && run.output !== undefined) || run.outputOmitted !== undefined);
  const timelineShots = inTimeOrder(shots ?? []).map((shot, index) => ({ position: index + 1, createdAt: shot.createdAt }));

  const gallery = (
    <Card
      title="Screenshots"
      description={shots && shots.length > 0 ? `${shots.length} captured by the agent` : undefined}
      id="screenshots"
      className="min-w-0"
    >
      <SectionProblemNotice problems={problemsOf(run, 'screenshots')} label="Screenshots" />
      <ScreenshotGallery
        shots={shots}
        live={live}
        runCreatedAt={run.createdAt}
        // The replay's scrubber draws the same status segments as the timeline card, on the same clock.
        segments={
          timeline.data
            ? buildTimeline(timeline.data.entries, run.createdAt, timeline.data.firstObservedAt, Date.parse(run.updatedAt), timeline.data.historyFrom).segments
            : undefined
        }
      />
    </Card>
  );
  const data = (
    <Card title="Run data" id="run-data" className="min-w-0">
      <Tabs
        label="Run data"
        selected={dataTab}
        onSelect={setDataTab}
        tabs={[
          { key: 'output', label: 'Output', badge: partial('output') },
          {
            key: 'input',
            label: 'Input',
            badge: partial('input') ?? (run.vaultedFields && run.vaultedFields.length > 0 ? `${run.vaultedFields.length} vaulted` : undefined),
          },
          { key: 'files', label: 'Files', badge: partial('files') ?? (run.files ? run.files.length : undefined) },
        ]}
      >
        <div className="pt-3">
          <SectionProblemNotice problems={problemsOf(run, dataTab)} label={dataTab === 'output' ? 'Output' : dataTab === 'input' ? 'Input' : 'Files'} />
          {dataTab === 'output' ? <OutputPanel runId={run.id} output={run.output} omitted={run.outputOmitted} active={live} /> : null}
          {dataTab === 'input' ? (
            <OnDemand what="input" fallback={<TabLoading />}>
              <InputPanel runId={run.id} input={run.input} vaultedFields={run.vaultedFields} />
            </OnDemand>
          ) : null}
          {dataTab === 'files' ? (
            <OnDemand what="file list" fallback={<TabLoading />}>
              <FilesPanel runId={run.id} files={run.files} />
            </OnDemand>
          ) : null}
        </div>
      </Tabs>
    </Card>
  );
  const rawJson = (
    <Card title="Raw JSON" description="The run exactly as the upstream sent it, for support" id="raw-json" className="min-w-0">
      <RawRunPanel runId={run.id} />
    </Card>
  );

  const needsInput = run.status === 'interaction_required';
  return (
    <div className="flex min-w-0 flex-col gap-5" data-run-status={run.status ?? 'unrecognised'} data-upstream-status={run.upstreamStatus}>
      <StatusAnnouncer status={run.status} upstreamStatus={run.upstreamStatus} summary={summary} />
      <RunHeader
        run={run}
        fetchedAt={freshness.fetchedAt}
        summary={summary}
        outdated={outdated}
        freshness={<FreshnessIndicator state={freshnessState} />}
        actions={
          sectionsShown ? (
            <>
              <TicketActions
                run={run}
                headline={summary}
                timeline={timeline.data}
                explain={runErrors?.explainError ?? null}
                shownShot={shot ?? (shots && shots.length > 0 ? shots.length : null)}
              />
              <PinButton runId={run.id} />
              <CancelRunButton run={run} canOperate={canOperate} />
            </>
          ) : null
        }
      />
      <ConnectionBanner state={freshnessState} failure={failedRead} />
      {otherProblems.length > 0 ? <SectionProblemNotice problems={otherProblems} label="Parts of this run" /> : null}
      {interaction ? (
        // On a phone the prompt comes first, above the fold: answering an MFA code from a phone is a real case.
        <div className={cx('flex min-w-0 flex-col gap-3', needsInput && 'max-md:order-first')}>
          <SectionProblemNotice problems={problemsOf(run, 'interaction')} label="Prompt" />
          <interaction.InteractionPanel run={run} canOperate={canOperate} beforeSubmit={runCache.cancelInFlight} onAnswered={runCache.applyActionResponse} />
        </div>
      ) : null}
      {run.status === 'review_required' ? <ReviewBanner /> : null}
      <SectionProblemNotice problems={problemsOf(run, 'errors')} label="Errors" />
      {runErrors ? <runErrors.ErrorPanel errors={run.errors} runId={run.id} readRequestId={run.upstreamRequestId} runFailed={run.status === 'failed'} /> : null}
      {sectionsShown ? (
        <div className="grid min-w-0 items-start gap-5 xl:grid-cols-[minmax(0,1fr)_24rem]">
          <div className="flex min-w-0 flex-col gap-5">
            {/* While the run moves (or when it left no output) the screenshots tell the story; once there is a result, it leads. */}
            {resultFirst ? data : gallery}
            {resultFirst ? gallery : data}
            {rawJson}
          </div>
          <div className="flex min-w-0 flex-col gap-5 xl:sticky xl:top-20">
            <Card title="Timeline" description="Statuses from the upstream’s event log and from what Runwatch observed" id="timeline" className="min-w-0">
              <StatusTimeline
                timeline={timeline.data}
                loading={timeline.isPending}
                failed={timeline.isError}
                onRetry={() => void timeline.refetch()}
                createdAt={run.createdAt}
                updatedAt={run.updatedAt}
                live={live}
                shots={timelineShots}
                onSelectShot={(position) => {
                  setShot(position);
                  document.getElementById('screenshots')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
                }}
              />
            </Card>
            <RunAuditList runId={run.id} live={live} />
          </div>
        </div>
      ) : (
        <SectionsSkeleton />
      )}
    </div>
  );
}

function TabLoading() {
  return (
    <div className="flex flex-col gap-2" aria-busy="true">
      <Skeleton className="h-4 w-1/2" />
      <Skeleton className="h-32 w-full" />
    </div>
  );
}

function SectionsSkeleton() {
  return (
    <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_24rem]" aria-busy="true">
      <Skeleton className="h-96 w-full rounded-card" />
      <Skeleton className="h-64 w-full rounded-card" />
    </div>
  );
}

function RunPageSkeleton() {
  return (
    <div className="flex flex-col gap-5" aria-busy="true">
      <span className="sr-only" role="status">
        Loading run…
      </span>
      <div className="rounded-card border border-line bg-surface p-5 shadow-card">
        <Skeleton className="h-4 w-48" />
        <Skeleton className="mt-4 h-6 w-28" />
        <Skeleton className="mt-3 h-7 w-3/4" />
        <div className="mt-4 flex gap-8">
          <Skeleton className="h-9 w-40" />
          <Skeleton className="h-9 w-28" />
          <Skeleton className="h-9 w-24" />
        </div>
      </div>
      <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <Skeleton className="h-96 w-full rounded-card" />
        <Skeleton className="h-64 w-full rounded-card" />
      </div>
    </div>
  );
}
