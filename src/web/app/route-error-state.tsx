import { Link } from 'react-router';
import { buttonClasses } from '../components/ui/button';
import { ErrorState } from '../components/ui/error-state';
import { RefreshIcon } from '../components/ui/icons';
import { ApiRequestError } from '../lib/api-request-error';

/**
 * The designed error state for a page that crashed or failed to load (shown by route-boundary.tsx).
 * Says what happened in plain words, keeps support details copyable, and offers a way out.
 */
export function RouteErrorState({ error }: { error: unknown }) {
  const { title, description, details } = describe(error);
  return (
    <div className="mx-auto max-w-3xl px-4 py-8">
      <div className="rounded-card border border-line bg-surface shadow-card">
        <ErrorState
          title={title}
          description={description}
          details={details}
          actions={
            <>
              <button type="button" className={buttonClasses('primary')} onClick={() => window.location.reload()}>
                <RefreshIcon className="size-4" />
                Reload page
              </button>
              <Link to="/" className={buttonClasses('secondary')}>
                Go to runs
              </Link>
            </>
          }
        />
      </div>
    </div>
  );
}

function describe(error: unknown): { title: string; description: string; details?: string } {
  if (error instanceof ApiRequestError) {
    const ids = [error.requestId && `Runwatch request ${error.requestId}`, error.upstreamRequestId && `upstream request ${error.upstreamRequestId}`]
      .filter(Boolean)
      .join(' · ');
    return { title: 'Runwatch could not load this page', description: error.message, details: ids || error.code };
  }
  if (error instanceof Error && /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(error.message)) {
    return {
      title: 'Runwatch was updated',
      description: 'A newer version of this console is available. Reload the page to continue.',
    };
  }
  return {
    title: 'Something went wrong on this page',
    description: 'The rest of Runwatch still works. Reloading usually helps; if it keeps happening, send the details below to whoever runs Runwatch.',
    details: error instanceof Error ? error.message : undefined,
  };
}
