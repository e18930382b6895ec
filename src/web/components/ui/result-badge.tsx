import { isTerminal, type RunResult, type RunStatus } from '@/contract/run-status';
import { cx } from '@/web/lib/cx';
import { RESULT_LABELS } from '@/web/lib/status-display';
import { Badge } from './badge';
import { CheckIcon, CrossIcon } from './icons';

export interface ResultBadgeProps {
  /** The run's business outcome; null while the run has none yet. */
  result: RunResult | null;
  /**
   * The run's status, so a finished run without a result (canceled) says "no result" rather than
   * "no result yet". Omitted or null (unknown status): the result may still come.
   */
  status?: RunStatus | null;
  /** In dense tables, "no result" renders as a quiet dash (the words stay for screen readers). */
  compact?: boolean;
  className?: string;
}

function noResultText(status: RunStatus | null | undefined): { text: string; title: string } {
  if (status === 'canceled') return { text: 'No result — canceled', title: 'The run was canceled, so it has no result and never will.' };
  if (status && isTerminal(status)) return { text: 'No result', title: 'The run finished without reporting a result.' };
  return { text: 'No result yet', title: 'The run has not reported a result yet.' };
}

/** The run's outcome (`result`), distinct from its lifecycle status. */
export function ResultBadge({ result, status, compact = false, className }: ResultBadgeProps) {
  if (result === null) {
    const { text, title } = noResultText(status);
    if (compact) {
      return (
        <span className={cx('text-fg-subtle', className)} title={title}>
          <span aria-hidden="true">—</span>
          <span className="sr-only">{text}</span>
        </span>
      );
    }
    return (
      <span className={cx('text-xs text-fg-subtle', className)} title={title} data-result="none">
        {text}
      </span>
    );
  }
  const tone = result === 'success' ? 'success' : result === 'failure' ? 'danger' : 'neutral';
  return (
    <Badge tone={tone} className={className} title={`Result: ${result}`} data-result={result}>
      {result === 'success' ? <CheckIcon className="size-3.5" strokeWidth={2} /> : null}
      {result === 'failure' ? <CrossIcon className="size-3.5" strokeWidth={2} /> : null}
      {result === 'unknown' ? (
        <span aria-hidden="true" className="font-semibold">
          ?
        </span>
      ) : null}
      {RESULT_LABELS[result]}
    </Badge>
  );
}
