import { lazy, useState } from 'react';
import { Button } from '@/web/components/ui/button';
import { OnDemand } from '@/web/components/ui/on-demand';
import { Skeleton } from '@/web/components/ui/skeleton';

// The view (its read, its toolbar) loads when someone opens it.
const RawRunView = lazy(async () => ({ default: (await import('./raw-run-view')).RawRunView }));

/**
 * The run exactly as the upstream sent it, for support: fields Runwatch does not know or could not
 * read are all here. Nothing is requested until someone opens it.
 */
export function RawRunPanel({ runId }: { runId: string }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="min-w-0 flex-1 text-sm text-fg-muted">
          Everything the upstream sent for this run, including fields Runwatch does not show. Signed links, vaulted values and key-like strings are removed.
        </p>
        <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
          Show raw JSON
        </Button>
      </div>
    );
  }
  return (
    <OnDemand what="raw JSON" fallback={<Skeleton className="h-32 w-full" />}>
      <RawRunView runId={runId} />
    </OnDemand>
  );
}
