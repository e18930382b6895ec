import { useState } from 'react';
import { Alert } from '@/web/components/ui/alert';
import { Button } from '@/web/components/ui/button';
import { Skeleton } from '@/web/components/ui/skeleton';
import { formatBytes } from '@/web/lib/format';
import { outputUrl } from '../utils/output-fetch';
import { JsonViewer } from './json-viewer';
import { useFetchedOutput } from './use-fetched-output';

interface FetchedOutputProps {
  runId: string;
  /** The output's size as the run response gave it. */
  bytes: number;
}

/** A large output, fetched and parsed off the main thread; failures say why and offer a retry. */
export function FetchedOutput({ runId, bytes }: FetchedOutputProps) {
  const [attempt, setAttempt] = useState(0);
  return <FetchedOutputView key={attempt} runId={runId} bytes={bytes} onRetry={() => setAttempt((n) => n + 1)} />;
}

function FetchedOutputView({ runId, bytes, onRetry }: FetchedOutputProps & { onRetry: () => void }) {
  const state = useFetchedOutput(runId);
  if (state.status === 'loading') {
    return (
      <div className="flex flex-col gap-2" aria-busy="true" data-testid="output-loading">
        <p className="text-sm text-fg-muted" role="status">
          Loading the output ({formatBytes(bytes)})…
        </p>
        <Skeleton className="h-4 w-1/2" />
        <Skeleton className="h-32 w-full" />
      </div>
    );
  }
  if (state.status === 'failed') {
    const { failure } = state;
    return (
      <Alert
        tone="error"
        title="The output could not be loaded"
        actions={
          failure.kind === 'signed_out' || failure.kind === 'forbidden' ? undefined : (
            <Button size="sm" onClick={onRetry}>
              Try again
            </Button>
          )
        }
      >
        {failure.message}
        {failure.requestId ? <span className="block font-mono text-xs">Request {failure.requestId}</span> : null}
      </Alert>
    );
  }
  return (
    <JsonViewer
      value={state.value}
      rootName="output"
      fileName={`${runId}-output.json`}
      label="Run output"
      startSearch={state.search}
      downloadFrom={outputUrl(runId)}
    />
  );
}
