import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { RunRow } from '@/contract/bff';
import type { BulkCancelResult } from '@/contract/bulk';
import { isCancelable } from '@/contract/run-status';
import { Button } from '@/web/components/ui/button';
import { Dialog } from '@/web/components/ui/dialog';
import { StatusBadge } from '@/web/components/ui/status-badge';
import { cx } from '@/web/lib/cx';
import { cancelRuns } from '../api/bulk-cancel';
import { runsQueries } from '../api/runs-queries';

interface BulkCancelDialogProps {
  /** The runs picked (rows selected, or all matching the filter); only cancelable ones are sent. */
  runs: readonly RunRow[];
  /** The list went on past what "all matching" gathers. */
  more?: boolean;
  onClose: () => void;
}

const OUTCOME_TEXT: Record<BulkCancelResult['outcome'], string> = {
  requested: 'Cancel requested',
  skipped: 'Not canceled',
  failed: 'Failed',
};

/**
 * Preview, confirm, then the result per run. The preview lists exactly the runs that will be
 * sent (those in a status that can be canceled) and says how many picked runs are left out; the
 * safe button has focus, so a stray Enter cancels nothing.
 */
export function BulkCancelDialog({ runs, more = false, onClose }: BulkCancelDialogProps) {
  const queryClient = useQueryClient();
  const keepRef = useRef<HTMLButtonElement>(null);
  const [results, setResults] = useState<BulkCancelResult[] | null>(null);
  const [sending, setSending] = useState(false);
  const cancelable = runs.filter((run) => isCancelable(run.status));
  const leftOut = runs.length - cancelable.length;

  async function confirm() {
    setSending(true);
    setResults([]);
    await cancelRuns(
      cancelable.map((run) => run.id),
      (batch) => setResults((previous) => [...(previous ?? []), ...batch]),
    );
    setSending(false);
    // The list and the needs-a-human panel both read runs.
    void queryClient.invalidateQueries({ queryKey: [runsQueries.all()[0]] });
  }

  const done = results !== null && !sending;
  const title = results === null ? `Cancel ${cancelable.length} ${cancelable.length === 1 ? 'run' : 'runs'}?` : 'Canceling runs';

  return (
    <Dialog
      open
      onClose={sending ? () => undefined : onClose}
      title={title}
      initialFocusRef={keepRef}
      size="lg"
      description={
        results === null ? (
          <>
            Each run stops where it is and cannot be resumed. Every cancel is recorded in the audit log.
            {leftOut > 0
              ? ` ${leftOut} of the picked runs ${leftOut === 1 ? 'is' : 'are'} already finished or canceling and ${leftOut === 1 ? 'is' : 'are'} left out.`
              : ''}
            {more ? ' Only the first runs matching the filter were gathered; narrow the filter to reach the rest.' : ''}
          </>
        ) : (
          <span role="status">{sending ? `Sent ${results.length} of ${cancelable.length}…` : summary(results)}</span>
        )
      }
      footer={
        results === null ? (
          <>
            <Button ref={keepRef} variant="secondary" onClick={onClose}>
              {cancelable.length === 1 ? 'Keep it running' : 'Keep them running'}
            </Button>
            <Button variant="danger" onClick={() => void confirm()} disabled={cancelable.length === 0}>
              Cancel {cancelable.length} {cancelable.length === 1 ? 'run' : 'runs'}
            </Button>
          </>
        ) : (
          <Button ref={keepRef} variant="secondary" onClick={onClose} loading={sending} disabled={!done}>
            Close
          </Button>
        )
      }
    >
      <ul
        className="max-h-[50vh] divide-y divide-line overflow-y-auto rounded-control border border-line text-sm"
        aria-label="Runs to cancel"
        data-testid="bulk-cancel-list"
      >
        {cancelable.map((run) => {
          const result = results?.find((r) => r.runId === run.id);
          return (
            <li
              key={run.id}
              data-run-id={run.id}
              data-outcome={result?.outcome}
              className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 px-3 py-2"
            >
              <span className="flex min-w-0 items-center gap-2">
                <StatusBadge status={run.status} upstreamStatus={run.upstreamStatus} />
                <span className="font-mono text-[13px] break-all">{run.id}</span>
              </span>
              {result ? (
                <span
                  className={cx(
                    'text-xs font-medium',
                    result.outcome === 'requested' ? 'text-emerald-700 dark:text-emerald-300' : 'text-red-700 dark:text-red-300',
                  )}
                  title={result.message ?? undefined}
                >
                  {OUTCOME_TEXT[result.outcome]}
                  {result.code && result.outcome !== 'requested' ? ` (${result.code})` : ''}
                </span>
              ) : null}
            </li>
          );
        })}
        {cancelable.length === 0 ? <li className="px-3 py-2 text-fg-muted">None of the picked runs can be canceled.</li> : null}
      </ul>
    </Dialog>
  );
}

function summary(results: readonly BulkCancelResult[]): string {
  const requested = results.filter((r) => r.outcome === 'requested').length;
  const other = results.length - requested;
  return `Cancel requested for ${requested} ${requested === 1 ? 'run' : 'runs'}${other > 0 ? `; ${other} not canceled (see below)` : ''}.`;
}
