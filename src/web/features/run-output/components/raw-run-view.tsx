import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/web/components/ui/alert';
import { Button } from '@/web/components/ui/button';
import { Skeleton } from '@/web/components/ui/skeleton';
import { dateTimeTitle, formatDateTime } from '@/web/lib/format';
import { rawRunQuery } from '../api/raw-run-query';
import { JsonViewer } from './json-viewer';

/** The raw JSON once opened (./raw-run-panel.tsx): read, then shown in the JSON viewer. */
export function RawRunView({ runId }: { runId: string }) {
  const raw = useQuery(rawRunQuery(runId));
  if (raw.isPending) {
    return (
      <div className="flex flex-col gap-2" aria-busy="true">
        <span className="sr-only" role="status">
          Loading the raw JSON…
        </span>
        <Skeleton className="h-4 w-1/2" />
        <Skeleton className="h-32 w-full" />
      </div>
    );
  }
  if (raw.isError) {
    return (
      <Alert
        tone="error"
        title="The raw JSON could not be loaded"
        actions={
          <Button size="sm" onClick={() => void raw.refetch()} loading={raw.isFetching}>
            Try again
          </Button>
        }
      >
        {raw.error.message}
      </Alert>
    );
  }
  return (
    <div className="flex flex-col gap-2" data-testid="raw-json">
      <JsonViewer
        value={raw.data.raw}
        rootName="run"
        fileName={`${runId}-upstream.json`}
        label="The upstream's JSON for this run"
        toolbarStart={
          <span className="mr-auto text-xs text-fg-muted">
            Read{' '}
            <time dateTime={raw.data.fetchedAt} title={dateTimeTitle(raw.data.fetchedAt)}>
              {formatDateTime(raw.data.fetchedAt)}
            </time>{' '}
            <Button size="sm" variant="ghost" onClick={() => void raw.refetch()} loading={raw.isFetching}>
              Read again
            </Button>
          </span>
        }
      />
    </div>
  );
}
