import type { ReactNode } from 'react';
import type { RunView } from '@/contract/bff';
import { isTerminal, statusGroup } from '@/contract/run-status';
import { CopyButton } from '@/web/components/ui/copy-button';
import { RelativeTime } from '@/web/components/ui/relative-time';
import { ResultBadge } from '@/web/components/ui/result-badge';
import { StatusBadge } from '@/web/components/ui/status-badge';
import { useClockValue } from '@/web/lib/clock';
import { cx } from '@/web/lib/cx';
import { STATUS_GROUP_STYLES } from '@/web/lib/status-display';
import { dateTimeTitle, formatDateTime, formatDuration } from '@/web/lib/format';
import { liveRuntimeMs, queuedForMs } from '../utils/live-runtime';
import { RelatedIds } from './related-ids';

interface RunHeaderProps {
  run: RunView;
  /** When Runwatch fetched this data from the upstream (ISO), to advance the runtime between polls. */
  fetchedAt: string;
  /** The one-sentence summary; it is the page's heading. */
  summary: string;
  /** "Live · updated 3 s ago" and friends. */
  freshness: ReactNode;
  /** Buttons such as Cancel. */
  actions?: ReactNode;
  /**
   * The copy on screen is known not to be current (upstream down, polls failing): the runtime
   * stops at its last figure and nothing keeps the live colour.
   */
  outdated?: boolean;
}

/** The thin band's colour: the status group's, neutral for a stale copy, dashed amber when unrecognised. */
function bandClass(status: RunView['status'], outdated: boolean): string {
  if (outdated) return 'bg-[repeating-linear-gradient(135deg,var(--color-line-strong)_0_6px,transparent_6px_12px)]';
  if (status === null) return 'bg-[repeating-linear-gradient(90deg,var(--color-amber-500)_0_8px,transparent_8px_14px)]';
  return STATUS_GROUP_STYLES[statusGroup(status)].dot;
}

/** Who, what and when of a run: status, result, the summary sentence, times and every related id. */
export function RunHeader({ run, fetchedAt, summary, freshness, actions, outdated = false }: RunHeaderProps) {
  return (
    <header className="relative min-w-0 overflow-hidden rounded-card border border-line bg-surface shadow-card" data-outdated={outdated ? 'true' : undefined}>
      {/* A thin band in the status colour: the state is readable from across the room. */}
      <span aria-hidden="true" className={cx('absolute inset-x-0 top-0 h-1', bandClass(run.status, outdated))} />
      <div className="flex flex-col gap-3 px-4 pt-5 pb-4 sm:px-5">
        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
          <div className="flex min-w-0 max-w-full items-center gap-2 text-sm text-fg-muted">
            <span className="text-xs font-medium tracking-wide text-fg-subtle uppercase">Run</span>
            <span className="min-w-0 truncate font-mono text-[0.8125rem] text-fg" data-testid="run-id" title={run.id}>
              {run.id}
            </span>
            <CopyButton value={run.id} label="Copy run id" />
          </div>
          {freshness}
        </div>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0 flex-1 basis-64">
            <div className="mb-2 flex flex-wrap items-center gap-2">
              <StatusBadge status={run.status} upstreamStatus={run.upstreamStatus} size="md" frozen={outdated} className="max-w-full" />
              <ResultBadge result={run.result} status={run.status} />
            </div>
            <h1 className="text-lg leading-snug font-semibold text-balance text-fg sm:text-xl" data-testid="run-summary">
              {summary}
            </h1>
          </div>
          {actions ? <div className="flex max-w-full shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
        </div>
        <dl className="flex flex-wrap gap-x-8 gap-y-2 text-sm">
          <Fact label="Created">
            <time dateTime={run.createdAt} title={dateTimeTitle(run.createdAt)}>
              {formatDateTime(run.createdAt)}
            </time>
            <span className="text-fg-subtle">
              {' '}
              (<RelativeTime value={run.createdAt} />)
            </span>
          </Fact>
          <Fact label="Updated">
            <RelativeTime value={run.updatedAt} />
          </Fact>
          <Fact label={run.status === 'queued' ? 'Waiting' : 'Runtime'}>
            <Runtime run={run} fetchedAt={fetchedAt} outdated={outdated} />
          </Fact>
          {run.canceledAt ? (
            <Fact label="Canceled">
              <time dateTime={run.canceledAt} title={dateTimeTitle(run.canceledAt)}>
                {formatDateTime(run.canceledAt)}
              </time>
            </Fact>
          ) : null}
        </dl>
      </div>
      <div className="border-t border-line bg-surface-muted/60 px-4 py-3 sm:px-5">
        <RelatedIds run={run} />
      </div>
    </header>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-fg-subtle">{label}</dt>
      <dd className="mt-0.5 font-medium text-fg tabular-nums">{children}</dd>
    </div>
  );
}

/**
 * Ticks every second while the run is active and the copy is current; a settled run, or a copy
 * known to be stale, shows the figure as of the last read and says so.
 */
function Runtime({ run, fetchedAt, outdated }: { run: RunView; fetchedAt: string; outdated: boolean }) {
  const fetchedAtMs = Date.parse(fetchedAt);
  const active = (run.status === null || !isTerminal(run.status)) && !outdated;
  const text = useClockValue((now) => {
    const at = active ? now : fetchedAtMs;
    if (run.status === 'queued') return formatDuration(queuedForMs(run.createdAt, at));
    return formatDuration(liveRuntimeMs(run, fetchedAtMs, at));
  });
  const ticking = active && (run.status === 'running' || run.status === 'queued');
  return (
    <span data-testid="run-runtime" data-ticking={ticking ? 'true' : 'false'}>
      {text}
      {outdated ? <span className="ml-1 text-xs font-normal text-fg-subtle">as of the last update</span> : null}
    </span>
  );
}
