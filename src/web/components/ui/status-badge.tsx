import type { ReactNode } from 'react';
import { statusGroup, type RunStatus, type StatusGroup } from '@/contract/run-status';
import { cx } from '@/web/lib/cx';
import { isLiveStatus, STATUS_GROUP_STYLES, statusLabel } from '@/web/lib/status-display';
import { badgeVariants } from './badge';
import { BanIcon, CheckIcon, ClockIcon, CrossIcon, HandIcon, WarningIcon } from './icons';

export interface StatusBadgeProps {
  /** The canonical status; null when the upstream sent one Runwatch does not know. */
  status: RunStatus | null;
  /** The status exactly as the upstream spelled it; shown in the tooltip when it differs. */
  upstreamStatus?: string;
  size?: 'sm' | 'md';
  /**
   * The page's copy is not current (upstream down, polls failing): no pulse, so a stale status does
   * not look live.
   */
  frozen?: boolean;
  className?: string;
}

/** Dashed outline: visibly not one of the known statuses, in either theme. */
const UNRECOGNISED_STYLE = 'bg-surface text-fg border border-dashed border-amber-600/70 dark:border-amber-400/60';

/**
 * A run's status as a coloured pill with a shape cue (pulsing dot while live, icon once settled)
 * so colour is never the only signal. A status Runwatch does not know is shown as the upstream
 * spelled it, marked as unrecognised.
 */
export function StatusBadge({ status, upstreamStatus, size = 'sm', frozen = false, className }: StatusBadgeProps) {
  if (status === null) {
    const raw = upstreamStatus?.trim() ? upstreamStatus : '(empty)';
    return (
      <span
        className={cx(badgeVariants({ size, ring: false }), UNRECOGNISED_STYLE, 'max-w-full', className)}
        title={`The upstream reports status “${raw}”, which Runwatch does not recognise. It is treated as not finished and checked again.`}
        data-status="unrecognised"
        data-status-group="unrecognised"
      >
        <WarningIcon className="size-3.5 shrink-0 text-amber-600 dark:text-amber-400" />
        <span className="truncate font-mono">{raw}</span>
        <span className="font-normal text-fg-muted">· unrecognised status</span>
      </span>
    );
  }
  const group = statusGroup(status);
  const label = statusLabel(status);
  const spelledDifferently = upstreamStatus !== undefined && upstreamStatus !== status;
  const title = spelledDifferently ? `${label} — upstream reports “${upstreamStatus}” (same as “${status}”)` : `${label} (${status})`;
  return (
    <span
      className={cx(badgeVariants({ size }), STATUS_GROUP_STYLES[group].badge, className)}
      title={frozen ? `${title} — as last seen; this copy is not current` : title}
      data-status={status}
      data-status-group={group}
      data-frozen={frozen ? 'true' : undefined}
    >
      <StatusMark status={status} group={group} frozen={frozen} />
      <span>{label}</span>
      {spelledDifferently ? <span className="sr-only">(upstream: {upstreamStatus})</span> : null}
    </span>
  );
}

function StatusMark({ status, group, frozen }: { status: RunStatus; group: StatusGroup; frozen: boolean }): ReactNode {
  const iconClass = 'size-3.5 shrink-0';
  switch (group) {
    case 'succeeded':
      return <CheckIcon className={iconClass} strokeWidth={2} />;
    case 'failed':
      return <CrossIcon className={iconClass} strokeWidth={2} />;
    case 'canceled':
      return <BanIcon className={iconClass} />;
    case 'waiting':
      return <ClockIcon className={iconClass} />;
    case 'needs_human':
      return <HandIcon className={iconClass} />;
    default:
      return <LiveDot className={STATUS_GROUP_STYLES[group].dot} live={isLiveStatus(status) && !frozen} />;
  }
}

function LiveDot({ className, live }: { className: string; live: boolean }) {
  return (
    <span aria-hidden="true" className="relative inline-flex size-2 shrink-0">
      {live ? <span className={cx('absolute inset-0 rounded-full opacity-60 motion-safe:animate-ping', className)} /> : null}
      <span className={cx('relative inline-flex size-2 rounded-full', className)} />
    </span>
  );
}
