import { lazy, type ComponentType, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppLoading, PageLoading } from './app-loading';
import { RouteBoundary } from './route-boundary';

/** `React.lazy` for a module's named component. */
function lazyNamed<K extends string>(importer: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await importer())[name] }));
}

const SignInPage = lazyNamed(() => import('./routes/sign-in-page'), 'SignInPage');
const ProtectedShell = lazyNamed(() => import('./protected-shell'), 'ProtectedShell');
const RunsPage = lazyNamed(() => import('./routes/runs-page'), 'RunsPage');
const RunPage = lazyNamed(() => import('./routes/run-page'), 'RunPage');
const BoardPage = lazyNamed(() => import('./routes/board-page'), 'BoardPage');
const FailuresPage = lazyNamed(() => import('./routes/failures-page'), 'FailuresPage');
const LookupPage = lazyNamed(() => import('./routes/lookup-page'), 'LookupPage');
const AuditPage = lazyNamed(() => import('./routes/audit-page'), 'AuditPage');
const NotFoundPage = lazyNamed(() => import('./routes/not-found-page'), 'NotFoundPage');

/**
 * The route table. Every page is its own chunk (`React.lazy`), and so is the signed-in shell, so
 * the entry bundle holds little more than React, the router and the query client. The router is
 * React Router's declarative one (`BrowserRouter` in main.tsx): the app needs no loaders or
 * actions, and the data router would add about 17 kB gzip to every first view. Each route has its
 * own boundary, so a crash in one page keeps the header and navigation usable. A navigation is a
 * transition: the page on screen stays until the next one's chunk is in.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={page(SignInPage, <AppLoading />)} />
      <Route path="/" element={page(ProtectedShell, <AppLoading />)}>
        <Route index element={page(RunsPage)} />
        {/* People type /runs expecting the list. */}
        <Route path="runs" element={<Navigate to="/" replace />} />
        <Route path="runs/:runId" element={page(RunPage)} />
        <Route path="board" element={page(BoardPage)} />
        <Route path="failures" element={page(FailuresPage)} />
        <Route path="lookup" element={page(LookupPage)} />
        <Route path="audit" element={page(AuditPage)} />
        <Route path="*" element={page(NotFoundPage)} />
      </Route>
    </Routes>
  );
}

/** A page inside its route's boundary; the signed-in shell around it stays while it downloads. */
function page(Page: ComponentType, fallback: ReactNode = <PageLoading />) {
  return (
    <RouteBoundary fallback={fallback}>
      <Page />
    </RouteBoundary>
  );
}
