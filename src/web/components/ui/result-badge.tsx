import type { RunResult } from '../../../contract/run-status';
import { cn } from '../../lib/cn';
import { RESULT_LABELS } from '../../lib/status-display';
import { Badge } from './badge';
import { CheckIcon, CrossIcon } from './icons';

export interface ResultBadgeProps {
  /** The run's business outcome; null while the run has none yet. */
  result: RunResult | null;
  /** In dense tables, "no result yet" renders as a quiet dash (the words stay for screen readers). */
  compact?: boolean;
  className?: string;
}

/** The run's outcome (`result`), distinct from its lifecycle status. */
export function ResultBadge({ result, compact = false, className }: ResultBadgeProps) {
  if (result === null && compact) {
    return (
      <span className={cn('text-fg-subtle', className)} title="No result yet">
        <span aria-hidden="true">—</span>
        <span className="sr-only">No result yet</span>
      </span>
    );
  }
  if (result === null) {
    return <span className={cn('text-xs text-fg-subtle', className)}>No result yet</span>;
  }
  const tone = result === 'success' ? 'success' : result === 'failure' ? 'danger' : 'neutral';
  return (
    <Badge tone={tone} className={className} title={`Result: ${result}`} data-result={result}>
      {result === 'success' ? <CheckIcon className="size-3.5" strokeWidth={2} /> : null}
      {result === 'failure' ? <CrossIcon className="size-3.5" strokeWidth={2} /> : null}
      {result === 'unknown' ? <span aria-hidden="true" className="font-semibold">?</span> : null}
      {RESULT_LABELS[result]}
    </Badge>
  );
}
