import { Link, useLocation } from 'react-router';
import { buttonClasses } from '@/web/components/ui/button';
import { useDocumentTitle } from '@/web/lib/use-document-title';

/** Any address the console does not know. */
export function NotFoundPage() {
  const location = useLocation();
  useDocumentTitle('Page not found');
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-4 py-20 text-center">
      <p className="font-mono text-sm font-semibold text-accent-text">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-fg">Page not found</h1>
      <p className="mt-3 text-sm text-fg-muted">
        Nothing lives at <code className="rounded bg-surface-muted px-1.5 py-0.5 font-mono text-xs break-all text-fg">{location.pathname}</code>. If you were
        given a run or request ID, paste it into the lookup.
      </p>
      <div className="mt-6 flex gap-2">
        <Link to="/" className={buttonClasses('primary')}>
          Go to runs
        </Link>
        <Link to="/lookup" className={buttonClasses('secondary')}>
          Look up an ID
        </Link>
      </div>
    </div>
  );
}
