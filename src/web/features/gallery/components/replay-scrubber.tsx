import { memo, useMemo, useRef, type PointerEvent } from 'react';
import type { RunStatus } from '@/contract/run-status';
import { statusGroup } from '@/contract/run-status';
import { cx } from '@/web/lib/cx';
import { formatDateTime, formatDuration } from '@/web/lib/format';
import { STATUS_GROUP_STYLES, statusLabel } from '@/web/lib/status-display';
import { fractionAt, shotAtTime, timeAtFraction, type ReplaySpan } from '../utils/replay-time';

/** A stretch of the run's status history, as the timeline feature models it (structurally). */
export type ReplaySegment =
  | { kind: 'status'; status: RunStatus | null; upstreamStatus: string; startMs: number; endMs: number; final: boolean; ongoing?: boolean }
  | { kind: 'gap'; startMs: number; endMs: number };

interface ReplayScrubberProps {
  span: ReplaySpan;
  /** Capture times of the shots in time order (epoch ms). */
  times: readonly number[];
  segments: readonly ReplaySegment[];
  /** Positions whose reasoning matches the search, marked on the ticks. */
  matches: readonly number[];
  /** 1-based position of the shot on screen. */
  selected: number;
  /** `done` is false while the pointer is still dragging. */
  onScrub: (position: number, done: boolean) => void;
}

/** Tick marks are drawn in a 1000-unit wide SVG stretched to the bar: one element for any number of shots. */
const TICK_UNITS = 1000;

function segmentLabel(segment: ReplaySegment): string {
  if (segment.kind === 'gap') return 'Not observed';
  return segment.status === null ? `“${segment.upstreamStatus}” (unrecognised)` : statusLabel(segment.status);
}

/** The status in force at an instant, for the slider's spoken value. */
function statusAt(segments: readonly ReplaySegment[], atMs: number): string | null {
  let found: ReplaySegment | null = null;
  for (const segment of segments) if (segment.startMs <= atMs) found = segment;
  return found ? segmentLabel(found) : null;
}

/** A path of one vertical line per distinct pixel column, so 1,000 shots draw as one SVG path. */
function tickPath(span: ReplaySpan, times: readonly number[], positions?: readonly number[]): string {
  const columns = new Set<number>();
  const list = positions ?? times.map((_, index) => index + 1);
  for (const position of list) columns.add(Math.round(fractionAt(span, times[position - 1]!) * TICK_UNITS * 2) / 2);
  let path = '';
  for (const column of columns) path += `M${column} 0V10`;
  return path;
}

/**
 * The scrubber of the replay: the run's time from creation to end, its status segments above and
 * a tick per screenshot below, aligned on the same scale. Dragging (mouse or touch) or clicking
 * picks the shot on screen at that instant; the keyboard steps shot by shot (handled by the
 * gallery). A `role="slider"` whose value is the shot position.
 */
export const ReplayScrubber = memo(function ReplayScrubber({ span, times, segments, matches, selected, onScrub }: ReplayScrubberProps) {
  const trackRef = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  const frame = useRef(0);
  const total = times.length;
  const ticks = useMemo(() => tickPath(span, times), [span, times]);
  const matchTicks = useMemo(() => (matches.length > 0 ? tickPath(span, times, matches) : ''), [span, times, matches]);
  const drawn = useMemo(
    () =>
      segments
        .filter((segment) => !(segment.kind === 'status' && segment.final))
        .map((segment, index, list) => {
          // A status still going on (or the last one of a run whose shots outlast it) reaches the end of the bar.
          const endMs = index === list.length - 1 && segment.kind === 'status' && segment.ongoing ? span.endMs : segment.endMs;
          const left = fractionAt(span, segment.startMs);
          return { segment, left, width: Math.max(0, fractionAt(span, endMs) - left) };
        }),
    [segments, span],
  );

  const selectedMs = times[selected - 1] ?? span.startMs;
  const playhead = fractionAt(span, selectedMs);

  function positionFromPointer(clientX: number): number {
    const rect = trackRef.current?.getBoundingClientRect();
    if (!rect || rect.width <= 0) return selected;
    return shotAtTime(times, timeAtFraction(span, (clientX - rect.left) / rect.width));
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0 || total === 0) return;
    dragging.current = true;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    event.currentTarget.focus({ preventScroll: true });
    onScrub(positionFromPointer(event.clientX), false);
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (!dragging.current) return;
    const clientX = event.clientX;
    // One update per frame, however fast the pointer reports.
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => onScrub(positionFromPointer(clientX), false));
  }

  function onPointerEnd(event: PointerEvent<HTMLDivElement>) {
    if (!dragging.current) return;
    dragging.current = false;
    cancelAnimationFrame(frame.current);
    onScrub(positionFromPointer(event.clientX), true);
  }

  const status = statusAt(segments, selectedMs);
  return (
    <div className="flex flex-col gap-1">
      <div
        ref={trackRef}
        role="slider"
        tabIndex={0}
        aria-label="Replay position"
        aria-valuemin={1}
        aria-valuemax={Math.max(1, total)}
        aria-valuenow={selected}
        aria-valuetext={`Screenshot ${selected} of ${total}, ${formatDateTime(selectedMs)}${status ? `, ${status}` : ''}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        data-testid="replay-scrubber"
        className="relative h-9 cursor-pointer touch-none rounded-md select-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
      >
        <div className="absolute inset-x-0 top-1 h-2.5 overflow-hidden rounded-full bg-surface-muted ring-1 ring-line" aria-hidden="true">
          {drawn.map(({ segment, left, width }, index) => (
            <span
              key={index}
              title={`${segmentLabel(segment)} · ${formatDuration(segment.endMs - segment.startMs)}`}
              style={{ left: `${left * 100}%`, width: `${width * 100}%` }}
              className={cx(
                'absolute inset-y-0 border-r border-surface last:border-r-0',
                segment.kind === 'gap'
                  ? 'bg-[repeating-linear-gradient(135deg,var(--color-line-strong)_0_4px,transparent_4px_8px)]'
                  : segment.status === null
                    ? 'bg-fg-subtle'
                    : STATUS_GROUP_STYLES[statusGroup(segment.status)].dot,
              )}
            />
          ))}
        </div>
        <svg aria-hidden="true" viewBox={`0 0 ${TICK_UNITS} 10`} preserveAspectRatio="none" className="absolute inset-x-0 top-5 h-3 w-full overflow-visible">
          <path d={ticks} className="stroke-fg-subtle" strokeWidth={1} vectorEffect="non-scaling-stroke" />
          {matchTicks ? (
            <path d={matchTicks} className="stroke-accent" strokeWidth={3} vectorEffect="non-scaling-stroke" data-testid="replay-match-ticks" />
          ) : null}
        </svg>
        <span aria-hidden="true" className="pointer-events-none absolute top-0 bottom-0 -translate-x-1/2" style={{ left: `${playhead * 100}%` }}>
          <span className="absolute top-0 bottom-0 left-1/2 w-0.5 -translate-x-1/2 rounded bg-fg" />
          <span className="absolute top-0.5 left-1/2 size-3.5 -translate-x-1/2 rounded-full border-2 border-surface bg-fg shadow-card" />
        </span>
      </div>
      <div className="flex justify-between gap-2 text-[11px] text-fg-subtle tabular-nums">
        <time dateTime={new Date(span.startMs).toISOString()} className="min-w-0 truncate max-sm:hidden">
          {formatDateTime(span.startMs)}
        </time>
        <span className="whitespace-nowrap text-fg-muted">{formatDuration(selectedMs - span.startMs)} into the run</span>
        <span className="whitespace-nowrap">of {formatDuration(span.endMs - span.startMs)}</span>
      </div>
    </div>
  );
});
