import { useQuery } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LogoMark } from '@/web/components/ui/icons';
import { Spinner } from '@/web/components/ui/spinner';
import { sessionQueries } from '@/web/features/session/api/session-queries';
import { signInInfoQuery } from '@/web/features/session/api/sign-in-info-query';
import { SignInForm } from '@/web/features/session/components/sign-in-form';
import { safeNextPath } from '@/web/features/session/utils/safe-next-path';
import { useDocumentTitle } from '@/web/lib/use-document-title';

/** `/sign-in?next=…` — outside the app shell; returns to `next` (same-origin paths only) afterwards. */
export function SignInPage() {
  useDocumentTitle('Sign in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNextPath(params.get('next'));
  const session = useQuery(sessionQueries.current());
  // Only a hint: if it cannot be read, the page simply does not show it.
  const info = useQuery(signInInfoQuery());

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
        {info.data?.demo ? <DemoPasswordsHint /> : null}
        <p className="mt-4 text-center text-xs text-fg-subtle">Trouble signing in? An administrator can reset your password.</p>
      </div>
    </main>
  );
}

const COMMAND = 'rounded bg-surface-muted px-1 py-0.5 font-mono text-[12px] break-words text-fg';
/** Account names stay whole on a phone ("demo-operato / r" reads as two names). */
const CODE = `${COMMAND} whitespace-nowrap`;

/** The embedded demo prints one-time passwords once, in the terminal; newcomers need to be told where. */
function DemoPasswordsHint() {
  return (
    <section
      aria-labelledby="demo-hint-title"
      className="mt-4 rounded-card border border-line bg-surface-muted/60 p-4 text-sm text-fg-muted"
      data-testid="demo-hint"
    >
      <h2 id="demo-hint-title" className="font-medium text-fg">
        Trying the demo?
      </h2>
      <p className="mt-1">
        The demo accounts <code className={CODE}>demo-admin</code>, <code className={CODE}>demo-operator</code> and <code className={CODE}>demo-viewer</code>{' '}
        got one-time passwords on the first start. They were printed once, in the terminal running <code className={CODE}>npm start</code>, right after the URL.
      </p>
      <p className="mt-2">
        Lost them? Run <code className={COMMAND}>npm run users -- reset-password demo-admin --one-time</code> in the project folder and choose a new one.
      </p>
    </section>
  );
}
