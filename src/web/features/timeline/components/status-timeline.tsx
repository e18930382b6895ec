import type { TimelineResponse } from '@/contract/bff';
import { statusGroup } from '@/contract/run-status';
import { Button } from '@/web/components/ui/button';
import { Skeleton } from '@/web/components/ui/skeleton';
import { StatusBadge } from '@/web/components/ui/status-badge';
import { useClockValue } from '@/web/lib/clock';
import { cx } from '@/web/lib/cx';
import { dateTimeTitle, formatDateTime, formatDuration } from '@/web/lib/format';
import { STATUS_GROUP_STYLES, statusLabel } from '@/web/lib/status-display';
import { clusterShots } from '../utils/shot-clusters';
import { buildTimeline, positionOnTimeline, type GapSegment, type TimelineModel, type TimelineSegment } from '../utils/timeline-segments';

export interface TimelineShot {
  /** 1-based position in time order, as used in `?shot=N`. */
  position: number;
  /** Capture time; a shot without one cannot be placed on the bar. */
  createdAt: string | null;
}

interface StatusTimelineProps {
  timeline: TimelineResponse | undefined;
  loading: boolean;
  failed: boolean;
  onRetry: () => void;
  createdAt: string;
  /** Whether the run is still moving, so the current segment grows with the clock. */
  live: boolean;
  /** The run's `updatedAt`: where the bar ends once the run is no longer live. */
  updatedAt: string;
  shots: readonly TimelineShot[];
  onSelectShot: (position: number) => void;
}

/**
 * The run's status history — from the upstream's event log and Runwatch's own reads, each entry
 * marked with where it came from — with the time spent in each status and screenshots as marks.
 */
export function StatusTimeline({ timeline, loading, failed, onRetry, createdAt, live, updatedAt, shots, onSelectShot }: StatusTimelineProps) {
  // Re-render once a second only while the run is live, so the current segment keeps growing.
  const nowMs = useClockValue((now) => (live ? now : 0));
  if (loading && !timeline) {
    return (
      <div className="flex flex-col gap-2" aria-busy="true">
        <Skeleton className="h-3 w-full" />
        <Skeleton className="h-4 w-2/3" />
      </div>
    );
  }
  if (!timeline) {
    return (
      <div className="flex items-center justify-between gap-3 text-sm text-fg-muted">
        <span>{failed ? 'The status history could not be loaded.' : 'No status history yet.'}</span>
        {failed ? (
          <Button size="sm" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
      </div>
    );
  }
  const model = buildTimeline(timeline.entries, createdAt, timeline.firstObservedAt, live ? nowMs : Date.parse(updatedAt), timeline.historyFrom);
  if (model.segments.length === 0) {
    return <p className="text-sm text-fg-muted">No status history for this run yet.</p>;
  }
  return (
    <div className="flex flex-col gap-4">
      <TimelineBar model={model} shots={shots} onSelectShot={onSelectShot} />
      {model.firstSeenAfterCreationMs !== null ? (
        <p className="text-xs text-fg-muted" data-testid="timeline-gap">
          Created {formatDateTime(createdAt)}; {model.historyFrom === 'events' ? 'the upstream’s event log for it starts at' : 'first seen by Runwatch at'}{' '}
          <time dateTime={new Date(model.firstSeenAfterCreationMs).toISOString()}>{formatDateTime(model.firstSeenAfterCreationMs)}</time>. What happened before
          that is not known.
        </p>
      ) : null}
      <ol className="flex flex-col" aria-label="Status history">
        {model.segments.map((segment, index) =>
          segment.kind === 'gap' ? (
            <GapRow key={`gap-${index}`} segment={segment} />
          ) : (
            <SegmentRow key={`${segment.status}-${segment.startMs}-${index}`} segment={segment} last={index === model.segments.length - 1} />
          ),
        )}
      </ol>
    </div>
  );
}

const MIN_SEGMENT_PERCENT = 0.6;

function TimelineBar({ model, shots, onSelectShot }: { model: TimelineModel; shots: readonly TimelineShot[]; onSelectShot: (position: number) => void }) {
  const span = Math.max(1, model.endMs - model.startMs);
  const placed = shots.filter((shot): shot is TimelineShot & { createdAt: string } => shot.createdAt !== null && !Number.isNaN(Date.parse(shot.createdAt)));
  const clusters = clusterShots(placed.map((shot) => ({ position: shot.position, x: positionOnTimeline(model, Date.parse(shot.createdAt)) })));
  const grouped = clusters.some((cluster) => cluster.count > 1);

  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex h-2.5 w-full overflow-hidden rounded-full bg-surface-muted ring-1 ring-line" aria-hidden="true">
        {model.segments.map((segment, index) => {
          const width = ((segment.endMs - segment.startMs) / span) * 100;
          if (segment.kind === 'status' && segment.final) return null;
          return (
            <span
              key={index}
              title={segment.kind === 'gap' ? 'Not observed' : `${segmentLabel(segment)} · ${formatDuration(segment.endMs - segment.startMs)}`}
              style={{ width: `${Math.max(width, MIN_SEGMENT_PERCENT)}%` }}
              className={cx(
                'h-full border-r border-surface last:border-r-0',
                segment.kind === 'gap' ? 'bg-[repeating-linear-gradient(135deg,var(--color-line-strong)_0_4px,transparent_4px_8px)]' : segmentDot(segment),
                segment.kind === 'status' && segment.ongoing ? 'opacity-80' : undefined,
              )}
            />
          );
        })}
      </div>
      {clusters.length > 0 ? (
        // Hundreds of screenshots would merge into one grey band: nearby ones share a tick that counts them.
        <ul className={cx('relative w-full', grouped ? 'h-6' : 'h-4')} aria-label="Screenshots on the timeline" data-testid="timeline-shots">
          {clusters.map((cluster) => {
            const label =
              cluster.count === 1
                ? `Screenshot ${cluster.first}`
                : `Screenshots ${cluster.first}–${cluster.last} (${cluster.count}); open screenshot ${cluster.first}`;
            return (
              <li key={cluster.first} className="absolute top-0 -translate-x-1/2" style={{ left: `${cluster.x * 100}%` }}>
                <button
                  type="button"
                  onClick={() => onSelectShot(cluster.first)}
                  aria-label={label}
                  title={label}
                  data-shot-count={cluster.count}
                  className="group flex min-w-3 flex-col items-center rounded-sm px-0.5 focus-visible:outline-2 focus-visible:outline-focus"
                >
                  <span aria-hidden="true" className="h-2.5 w-px bg-fg-subtle group-hover:w-0.5 group-hover:bg-fg" />
                  {cluster.count > 1 ? (
                    <span aria-hidden="true" className="text-[10px] leading-3 font-medium text-fg-muted tabular-nums group-hover:text-fg">
                      {cluster.count}
                    </span>
                  ) : null}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <div className="flex flex-wrap justify-between gap-x-2 text-[11px] text-fg-subtle tabular-nums">
        <time dateTime={new Date(model.startMs).toISOString()}>{formatDateTime(model.startMs)}</time>
        <span>
          {placed.length > 0 ? `${placed.length} screenshots${grouped ? ', grouped' : ''} · ` : ''}
          {formatDuration(model.endMs - model.startMs)} total
        </span>
      </div>
    </div>
  );
}

function segmentLabel(segment: TimelineSegment): string {
  return segment.status === null ? `“${segment.upstreamStatus}” (unrecognised status)` : statusLabel(segment.status);
}

/** The status group's colour; an unrecognised status gets a neutral one rather than a guess. */
function segmentDot(segment: TimelineSegment): string {
  return segment.status === null ? 'bg-fg-subtle' : STATUS_GROUP_STYLES[statusGroup(segment.status)].dot;
}

function SegmentRow({ segment, last }: { segment: TimelineSegment; last: boolean }) {
  const duration = segment.endMs - segment.startMs;
  return (
    <li className="relative flex gap-3 pb-3 last:pb-0" data-status={segment.status ?? 'unrecognised'}>
      <span aria-hidden="true" className="relative flex w-3 justify-center">
        <span className={cx('mt-1.5 size-2.5 rounded-full ring-2 ring-surface', segmentDot(segment))} />
        {!last ? <span className="absolute top-4 bottom-0 w-px bg-line" /> : null}
      </span>
      <div className="flex min-w-0 flex-1 flex-wrap items-center gap-x-3 gap-y-1">
        <StatusBadge status={segment.status} upstreamStatus={segment.upstreamStatus} />
        <time dateTime={new Date(segment.startMs).toISOString()} title={dateTimeTitle(segment.startMs)} className="text-xs text-fg-muted tabular-nums">
          {formatDateTime(segment.startMs)}
        </time>
        <span className="text-xs font-medium text-fg tabular-nums">
          {segment.final ? 'final' : segment.ongoing ? `${formatDuration(duration)} so far` : formatDuration(duration)}
        </span>
        {segment.errorCodes.length > 0 ? <span className="font-mono text-xs text-red-700 dark:text-red-300">{segment.errorCodes.join(', ')}</span> : null}
        <SourceNote source={segment.source} />
      </div>
    </li>
  );
}

const SOURCE_NOTES = {
  event: { short: 'event log', long: 'From the upstream’s event log' },
  observed: { short: 'observed', long: 'Observed by Runwatch' },
} as const;

/** Where an entry came from, kept quiet: a small word, the full sentence for hover and screen readers. */
function SourceNote({ source }: { source: TimelineSegment['source'] }) {
  const note = SOURCE_NOTES[source];
  return (
    <span className="text-[11px] text-fg-subtle" title={note.long} data-source={source}>
      <span aria-hidden="true">{note.short}</span>
      <span className="sr-only">{note.long}</span>
    </span>
  );
}

function GapRow({ segment }: { segment: GapSegment }) {
  return (
    <li className="relative flex gap-3 pb-3">
      <span aria-hidden="true" className="relative flex w-3 justify-center">
        <span className="mt-1.5 size-2.5 rounded-full border border-dashed border-fg-subtle" />
        <span className="absolute top-4 bottom-0 w-px border-l border-dashed border-line-strong" />
      </span>
      <p className="text-xs text-fg-muted">
        Not observed for {formatDuration(segment.endMs - segment.startMs)} — neither the upstream’s event log nor Runwatch saw the run’s earlier statuses.
      </p>
    </li>
  );
}
