import { StatusBadge } from '../../../components/ui/status-badge';
import { badgeBase } from '../../../components/ui/badge';
import { cn } from '../../../lib/cn';
import type { RunStatus } from '../../../../contract/run-status';

/**
 * A list row's status. A status Runwatch does not know (a later upstream revision may add one) is
 * shown exactly as the upstream spelled it, marked as unrecognised, never guessed at.
 */
export function RowStatusBadge({ status, upstreamStatus }: { status: RunStatus | null; upstreamStatus: string }) {
  if (status !== null) return <StatusBadge status={status} upstreamStatus={upstreamStatus} />;
  return (
    <span
      className={cn(badgeBase, 'max-w-full bg-surface-muted text-fg ring-line-strong')}
      title={`Unrecognised status: the upstream reports “${upstreamStatus}”, which Runwatch does not know yet.`}
      data-status="unrecognised"
    >
      <span aria-hidden="true" className="font-semibold text-amber-700 dark:text-amber-300">
        ?
      </span>
      <span className="truncate font-mono">{upstreamStatus}</span>
      <span className="sr-only">(unrecognised status)</span>
    </span>
  );
}
