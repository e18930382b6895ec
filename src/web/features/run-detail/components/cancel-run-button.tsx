import { lazy, useState } from 'react';
import { API_ERROR } from '@/contract/api-errors';
import type { RunView } from '@/contract/bff';
import { isCancelable } from '@/contract/run-status';
import { Alert } from '@/web/components/ui/alert';
import { Button } from '@/web/components/ui/button';
import { OnDemand } from '@/web/components/ui/on-demand';
import { ApiRequestError } from '@/web/lib/api-client';
import { useCancelRun } from '../api/use-cancel-run';
import { describeUpstreamRefusal } from '../utils/upstream-refusal';

// The confirmation loads with the first click: most views of a run never cancel it.
const ConfirmDialog = lazy(async () => ({ default: (await import('@/web/components/ui/dialog')).ConfirmDialog }));

interface CancelRunButtonProps {
  run: Pick<RunView, 'id' | 'status'>;
  /** Only operators and admins may cancel; viewers see nothing. */
  canOperate: boolean;
}

/** Cancel, behind a confirmation that spells out what canceling does. */
export function CancelRunButton({ run, canOperate }: CancelRunButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useCancelRun(run.id);
  // An unrecognised status is not final, so canceling stays possible; the upstream has the last word.
  if (!canOperate || (run.status !== null && !isCancelable(run.status))) return null;

  const error = cancel.error;
  return (
    <>
      <Button variant="secondary" onClick={() => setConfirming(true)} disabled={cancel.isPending}>
        Cancel run…
      </Button>
      {confirming ? (
        <OnDemand what="confirmation">
          <ConfirmDialog
            open={confirming}
            onClose={() => {
              setConfirming(false);
              cancel.reset();
            }}
            onConfirm={() =>
              cancel.mutate(undefined, {
                onSuccess: () => setConfirming(false),
              })
            }
            tone="danger"
            confirming={cancel.isPending}
            title="Cancel this run?"
            confirmLabel="Cancel run"
            cancelLabel="Keep running"
            description={
              <>
                The agent stops where it is and the run ends as <strong>canceled</strong>. Work in progress is lost, no output is produced, and a canceled run
                cannot be resumed — you would have to start a new run.
              </>
            }
          >
            {error ? (
              <Alert tone="error" title="The run was not canceled">
                {cancelErrorText(error)}
              </Alert>
            ) : null}
          </ConfirmDialog>
        </OnDemand>
      ) : null}
    </>
  );
}

function cancelErrorText(error: Error): string {
  if (error instanceof ApiRequestError) {
    if (error.code === API_ERROR.not_cancelable) return 'It had already finished or is already being canceled.';
    const refusal = describeUpstreamRefusal(error.code);
    if (refusal) return `${refusal.title}. ${refusal.description}`;
    if (error.status === 403) return 'Your role does not allow canceling runs.';
    const reference = error.requestId ? ` (request ${error.requestId})` : '';
    return `${error.message}${reference}`;
  }
  return error.message;
}
