import type { ReactNode } from 'react';
import { statusGroup, type RunStatus, type StatusGroup } from '../../../contract/run-status';
import { cn } from '../../lib/cn';
import { isLiveStatus, STATUS_GROUP_STYLES, statusLabel } from '../../lib/status-display';
import { badgeBase } from './badge';
import { BanIcon, CheckIcon, ClockIcon, CrossIcon, HandIcon } from './icons';

export interface StatusBadgeProps {
  status: RunStatus;
  /** The status exactly as the upstream spelled it; shown in the tooltip when it differs. */
  upstreamStatus?: string;
  size?: 'sm' | 'md';
  className?: string;
}

/**
 * A run's status as a coloured pill with a shape cue (pulsing dot while live, icon once settled)
 * so colour is never the only signal.
 */
export function StatusBadge({ status, upstreamStatus, size = 'sm', className }: StatusBadgeProps) {
  const group = statusGroup(status);
  const label = statusLabel(status);
  const spelledDifferently = upstreamStatus !== undefined && upstreamStatus !== status;
  const title = spelledDifferently
    ? `${label} — upstream reports “${upstreamStatus}” (same as “${status}”)`
    : `${label} (${status})`;
  return (
    <span
      className={cn(badgeBase, STATUS_GROUP_STYLES[group].badge, size === 'md' && 'px-2.5 py-1 text-sm', className)}
      title={title}
      data-status={status}
      data-status-group={group}
    >
      <StatusMark status={status} group={group} />
      <span>{label}</span>
      {spelledDifferently ? <span className="sr-only">(upstream: {upstreamStatus})</span> : null}
    </span>
  );
}

function StatusMark({ status, group }: { status: RunStatus; group: StatusGroup }): ReactNode {
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
      return <LiveDot className={STATUS_GROUP_STYLES[group].dot} live={isLiveStatus(status)} />;
  }
}

function LiveDot({ className, live }: { className: string; live: boolean }) {
  return (
    <span aria-hidden="true" className="relative inline-flex size-2 shrink-0">
      {live ? (
        <span className={cn('absolute inset-0 rounded-full opacity-60 motion-safe:animate-ping', className)} />
      ) : null}
      <span className={cn('relative inline-flex size-2 rounded-full', className)} />
    </span>
  );
}
