import { Link } from 'react-router';
import { Button, buttonClasses } from '@/web/components/ui/button';
import { CopyButton } from '@/web/components/ui/copy-button';
import { ErrorState } from '@/web/components/ui/error-state';
import { ArrowLeftIcon, RefreshIcon } from '@/web/components/ui/icons';
import { ApiRequestError } from '@/web/lib/api-client';
import { describeUpstreamRefusal } from '../utils/upstream-refusal';

interface RunUnavailableStateProps {
  runId: string;
  error: Error;
  onRetry: () => void;
  retrying: boolean;
}

/** The run could not be shown at all (no data yet): say why, and offer a way forward. */
export function RunUnavailableState({ runId, error, onRetry, retrying }: RunUnavailableStateProps) {
  const api = error instanceof ApiRequestError ? error : null;
  const copy = describe(api, runId);
  return (
    <ErrorState
      title={copy.title}
      description={copy.description}
      details={
        api?.requestId || api?.upstreamRequestId ? (
          <div className="flex flex-col gap-1 text-left">
            {api.requestId ? <IdLine label="Runwatch request" value={api.requestId} /> : null}
            {api.upstreamRequestId ? <IdLine label="Upstream request" value={api.upstreamRequestId} /> : null}
          </div>
        ) : undefined
      }
      actions={
        <>
          <Link to="/" className={buttonClasses('secondary')}>
            <ArrowLeftIcon /> Back to runs
          </Link>
          {copy.retryable ? (
            <Button variant="primary" onClick={onRetry} loading={retrying} icon={<RefreshIcon />}>
              Try again
            </Button>
          ) : null}
        </>
      }
    />
  );
}

function IdLine({ label, value }: { label: string; value: string }) {
  return (
    <span className="flex min-w-0 flex-wrap items-center gap-x-2">
      <span className="font-sans text-fg-subtle">{label}</span>
      <span className="break-all text-fg">{value}</span>
      <CopyButton value={value} label={`Copy ${label.toLowerCase()} id`} />
    </span>
  );
}

function describe(error: ApiRequestError | null, runId: string): { title: string; description: string; retryable: boolean } {
  if (!error) {
    return { title: 'This run could not be shown', description: 'Something unexpected went wrong while loading it.', retryable: true };
  }
  const refusal = describeUpstreamRefusal(error.code);
  if (refusal) return { ...refusal, retryable: false };
  if (error.status === 404) {
    return {
      title: 'Run not found',
      description: `The upstream has no run with the id ${runId}. Check the id for typos; runs from another organisation are not visible here.`,
      retryable: false,
    };
  }
  if (error.status === 400) {
    return { title: 'Not a valid run id', description: error.message, retryable: false };
  }
  if (error.status === 401) {
    return { title: 'You are signed out', description: 'Sign in again to see this run.', retryable: true };
  }
  if (error.status === 403) {
    return { title: 'Not allowed', description: 'Your account may not view this run.', retryable: false };
  }
  if (error.status === 0) {
    return { title: 'Runwatch cannot be reached', description: error.message, retryable: true };
  }
  if (error.code === 'contract_mismatch') {
    return { title: 'Unexpected response', description: error.message, retryable: true };
  }
  if (error.status === 503 || error.status === 502 || error.status === 504) {
    const wait = error.retryAfterSeconds ? ` Runwatch will try again in about ${error.retryAfterSeconds} s.` : ' Runwatch keeps trying by itself.';
    return {
      title: 'The Task Run API is not answering',
      description: `Runwatch could not get this run from the upstream and has no earlier copy of it.${wait}`,
      retryable: true,
    };
  }
  return { title: 'This run could not be loaded', description: error.message, retryable: true };
}
