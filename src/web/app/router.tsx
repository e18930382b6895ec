import { createBrowserRouter, redirect, type RouteObject } from 'react-router';
import { AppLoading } from './app-loading';
import { RouteErrorBoundary } from './route-error-boundary';

/**
 * Every page is its own chunk (router `lazy`), and so is the signed-in shell, so the entry bundle
 * holds little more than React, the router and the query client. Each route has its own error
 * element, so a crash in one page keeps the header and navigation usable.
 */
export function createAppRouter() {
  return createBrowserRouter(appRoutes());
}

/** The route table on its own, so tests can mount the real pages in a memory router. */
export function appRoutes(): RouteObject[] {
  // The address the document was opened at: only the navigation to it starts a run page's reads in
  // its loader (a later one finds the session cached, and the page starts the run's read as early).
  let documentPath: string | null = window.location.pathname;
  const isDocumentNavigation = (request: Request): boolean => {
    const first = documentPath !== null && new URL(request.url).pathname === documentPath;
    documentPath = null;
    return first;
  };
  return [
    {
      path: '/sign-in',
      lazy: async () => ({ Component: (await import('./routes/sign-in-page')).SignInPage }),
      HydrateFallback: AppLoading,
      ErrorBoundary: RouteErrorBoundary,
    },
    {
      path: '/',
      lazy: async () => ({ Component: (await import('./protected-shell')).ProtectedShell }),
      HydrateFallback: AppLoading,
      ErrorBoundary: RouteErrorBoundary,
      children: [
        {
          index: true,
          lazy: async () => ({ Component: (await import('./routes/runs-page')).RunsPage }),
          ErrorBoundary: RouteErrorBoundary,
        },
        {
          // People type /runs expecting the list.
          path: 'runs',
          loader: () => redirect('/'),
        },
        {
          path: 'runs/:runId',
          // The loader's own small chunks start the run's and the session's reads while the page's larger chunk still loads.
          loader: async ({ params, request }) => {
            if (!isDocumentNavigation(request)) return null;
            const [run, session] = await Promise.all([
              import('../features/run-detail/api/early-run-read'),
              import('../features/session/api/early-session-read'),
            ]);
            run.startEarlyRunRead(params.runId ?? '');
            session.startEarlySessionRead();
            return null;
          },
          lazy: async () => ({ Component: (await import('./routes/run-page')).RunPage }),
          ErrorBoundary: RouteErrorBoundary,
        },
        {
          path: 'board',
          lazy: async () => ({ Component: (await import('./routes/board-page')).BoardPage }),
          ErrorBoundary: RouteErrorBoundary,
        },
        {
          path: 'failures',
          lazy: async () => ({ Component: (await import('./routes/failures-page')).FailuresPage }),
          ErrorBoundary: RouteErrorBoundary,
        },
        {
          path: 'lookup',
          lazy: async () => ({ Component: (await import('./routes/lookup-page')).LookupPage }),
          ErrorBoundary: RouteErrorBoundary,
        },
        {
          path: 'audit',
          lazy: async () => ({ Component: (await import('./routes/audit-page')).AuditPage }),
          ErrorBoundary: RouteErrorBoundary,
        },
        {
          path: '*',
          lazy: async () => ({ Component: (await import('./routes/not-found-page')).NotFoundPage }),
          ErrorBoundary: RouteErrorBoundary,
        },
      ],
    },
  ];
}
