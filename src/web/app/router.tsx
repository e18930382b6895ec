import type { ReactNode } from 'react';
import { matchRoutes, Navigate, useRoutes, type RouteObject } from 'react-router';
import { AppLoading, PageLoading } from './app-loading';
import { lazyPage, type LazyPage } from './lazy-page';
import { RouteBoundary } from './route-boundary';

const SignInPage = lazyPage(() => import('./routes/sign-in-page'), 'SignInPage');
const ProtectedShell = lazyPage(() => import('./protected-shell'), 'ProtectedShell');
const RunsPage = lazyPage(() => import('./routes/runs-page'), 'RunsPage');
const RunPage = lazyPage(() => import('./routes/run-page'), 'RunPage');
const BoardPage = lazyPage(() => import('./routes/board-page'), 'BoardPage');
const FailuresPage = lazyPage(() => import('./routes/failures-page'), 'FailuresPage');
const LookupPage = lazyPage(() => import('./routes/lookup-page'), 'LookupPage');
const AuditPage = lazyPage(() => import('./routes/audit-page'), 'AuditPage');
const NotFoundPage = lazyPage(() => import('./routes/not-found-page'), 'NotFoundPage');

/** A route showing `Page` inside its own boundary; `handle.page` lets `preloadRoute` find it. */
function pageRoute(at: { path: string; children?: RouteObject[] } | { index: true }, Page: LazyPage, fallback: ReactNode = <PageLoading />): RouteObject {
  const element = (
    <RouteBoundary fallback={fallback}>
      <Page />
    </RouteBoundary>
  );
  const handle = { page: Page };
  return 'index' in at ? { index: true, element, handle } : { path: at.path, children: at.children, element, handle };
}

/**
 * The route table. Every page is its own chunk, and so is the signed-in shell, so the entry bundle
 * holds little more than React, the router and the query client. The router is React Router's
 * declarative one (`BrowserRouter` in main.tsx, `useRoutes` here): the app needs no loaders or
 * actions, and the data router would add about 16 kB gzip to every first view (see
 * docs/decisions/0012-declarative-router.md). Each route has its own boundary, so a
 * crash in one page keeps the header and navigation usable. A navigation is a transition: the page
 * on screen stays until the next one's chunk is in.
 */
const ROUTES: RouteObject[] = [
  pageRoute({ path: '/sign-in' }, SignInPage, <AppLoading />),
  pageRoute(
    {
      path: '/',
      children: [
        pageRoute({ index: true }, RunsPage),
        // People type /runs expecting the list.
        { path: 'runs', element: <Navigate to="/" replace /> },
        pageRoute({ path: 'runs/:runId' }, RunPage),
        pageRoute({ path: 'board' }, BoardPage),
        pageRoute({ path: 'failures' }, FailuresPage),
        pageRoute({ path: 'lookup' }, LookupPage),
        pageRoute({ path: 'audit' }, AuditPage),
        pageRoute({ path: '*' }, NotFoundPage),
      ],
    },
    ProtectedShell,
    <AppLoading />,
  ),
];

export function AppRoutes() {
  return useRoutes(ROUTES);
}

/**
 * Downloads the modules of every page the address shows (the signed-in shell and the page in it),
 * so the first render shows them at once, as the app's first view should. Resolves when they are
 * in, or when one failed (its route boundary then says so).
 */
export async function preloadRoute(pathname: string): Promise<void> {
  const pages = (matchRoutes(ROUTES, pathname) ?? []).flatMap(({ route }) => {
    const page = (route.handle as { page?: LazyPage } | undefined)?.page;
    return page ? [page.preload()] : [];
  });
  await Promise.all(pages).catch(() => undefined);
}
