import { useQuery } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LogoMark } from '../../components/ui/icons';
import { Spinner } from '../../components/ui/spinner';
import { sessionQueries } from '../../features/session/api/session-queries';
import { SignInForm } from '../../features/session/components/sign-in-form';
import { safeNextPath } from '../../features/session/utils/safe-next-path';
import { useDocumentTitle } from '../../lib/use-document-title';

/** `/sign-in?next=…` — outside the app shell; returns to `next` (same-origin paths only) afterwards. */
export function SignInPage() {
  useDocumentTitle('Sign in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNextPath(params.get('next'));
  const session = useQuery(sessionQueries.current());

  if (session.data) return <Navigate to={next} replace />;

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center text-center">
          <LogoMark className="size-9 text-accent" />
          <h1 className="mt-3 text-xl font-semibold tracking-tight text-fg">Sign in to Runwatch</h1>
        </div>
        <div className="rounded-card border border-line bg-surface p-6 shadow-card">
          {session.isPending ? (
            <div className="flex justify-center py-6 text-fg-subtle">
              <Spinner label="Checking your sign-in" />
            </div>
          ) : (
            <SignInForm onSignedIn={() => void navigate(next, { replace: true })} />
          )}
        </div>
        <p className="mt-4 text-center text-xs text-fg-subtle">Trouble signing in? An administrator can reset your password.</p>
      </div>
    </main>
  );
}
