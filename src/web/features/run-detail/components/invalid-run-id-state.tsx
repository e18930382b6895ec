import { Link } from 'react-router';
import { buttonClasses } from '@/web/components/ui/button';
import { EmptyState } from '@/web/components/ui/empty-state';
import { ArrowLeftIcon, SearchIcon } from '@/web/components/ui/icons';

/** Shown for a malformed id before any request is made. */
export function InvalidRunIdState({ runId }: { runId: string }) {
  return (
    <EmptyState
      icon={<SearchIcon className="size-5" />}
      title="That is not a run id"
      description={
        <>
          <p>
            Run ids start with <code className="font-mono">trun_</code> followed by letters, digits, <code className="font-mono">_</code> or{' '}
            <code className="font-mono">-</code>. The address contained:
          </p>
          <p className="mt-2 inline-block max-w-full rounded-md bg-surface-muted px-2 py-1 font-mono text-xs break-all text-fg ring-1 ring-line">
            {runId === '' ? '(nothing)' : runId}
          </p>
        </>
      }
      action={
        <div className="flex flex-wrap justify-center gap-2">
          <Link to="/" className={buttonClasses('secondary')}>
            <ArrowLeftIcon /> Back to runs
          </Link>
          <Link to="/lookup" className={buttonClasses('primary')}>
            <SearchIcon /> Look up an id or link
          </Link>
        </div>
      }
    />
  );
}
