import { useClockValue } from '@/web/lib/clock';
import { cx } from '@/web/lib/cx';
import { dateTimeTitle, formatRelative } from '@/web/lib/format';
import type { FreshnessState, StaleReason } from '../utils/freshness-state';

/** Why the copy is stale, as the freshness line says it. */
const STALE_TEXT: Record<StaleReason | 'unknown', string> = {
  upstream_unavailable: 'Stale — upstream unavailable, retrying',
  upstream_rate_limited: 'Stale — upstream rate-limited us, retrying',
  budget_exhausted: 'Stale — request budget busy, showing the last copy',
  unknown: 'Stale — showing the last copy',
};

export function staleText(reason: StaleReason | null): string {
  return STALE_TEXT[reason ?? 'unknown'];
}

interface FreshnessIndicatorProps {
  state: FreshnessState;
  className?: string;
}

const DOT: Record<FreshnessState['kind'], string> = {
  live: 'bg-emerald-500 motion-safe:animate-live-pulse',
  stale: 'bg-amber-500',
  reconnecting: 'bg-amber-500 motion-safe:animate-live-pulse',
  paused: 'bg-slate-400',
  final: 'bg-slate-400 dark:bg-slate-500',
};

/** "Live · updated 3 s ago" and its honest alternatives, so people know how far to trust the page. */
export function FreshnessIndicator({ state, className }: FreshnessIndicatorProps) {
  return (
    <p className={cx('inline-flex min-w-0 items-center gap-2 text-xs font-medium text-fg-muted', className)} data-freshness={state.kind} title={tooltip(state)}>
      <span aria-hidden="true" className={cx('inline-block size-2 rounded-full', DOT[state.kind])} />
      <FreshnessText state={state} />
    </p>
  );
}

function FreshnessText({ state }: { state: FreshnessState }) {
  switch (state.kind) {
    case 'live':
      return (
        <span>
          Live · updated <Ago iso={state.fetchedAt} />
        </span>
      );
    case 'stale':
      return (
        <span className="text-amber-800 dark:text-amber-300">
          {staleText(state.reason)} · last update <Ago iso={state.fetchedAt} />
        </span>
      );
    case 'reconnecting':
      return <span className="text-amber-800 dark:text-amber-300">{state.reason === 'offline' ? 'Reconnecting… (offline)' : 'Reconnecting…'}</span>;
    case 'paused':
      return <span>Paused (tab hidden)</span>;
    case 'final':
      return <span>Final</span>;
  }
}

function Ago({ iso }: { iso: string }) {
  const text = useClockValue((now) => formatRelative(iso, now));
  return (
    <time dateTime={iso} className="tabular-nums">
      {text}
    </time>
  );
}

function tooltip(state: FreshnessState): string {
  switch (state.kind) {
    case 'live':
      return `Polling for changes. Runwatch last heard from the upstream at ${dateTimeTitle(state.fetchedAt)}`;
    case 'stale':
      return `${staleText(state.reason)}. Showing what Runwatch last received (${dateTimeTitle(state.fetchedAt)}); the page catches up by itself.`;
    case 'reconnecting':
      return 'The last update failed. Showing the last good data while retrying with backoff.';
    case 'paused':
      return 'Updates pause while this tab is hidden and resume when you come back.';
    case 'final':
      return 'The run has finished; its details will not change, so Runwatch stopped checking.';
  }
}
