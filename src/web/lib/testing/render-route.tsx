import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider, useLocation, type RouteObject } from 'react-router';
import { vi } from 'vitest';

/** Test-only: renders `element` at `path` inside a memory router and a fresh query client. */
export function renderRoute(
  element: ReactNode,
  options: { path?: string; initialEntry?: string; extraRoutes?: RouteObject[] } = {},
): RenderResult & { router: ReturnType<typeof createMemoryRouter>; queryClient: QueryClient } {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
  const router = createMemoryRouter(
    [
      {
        path: options.path ?? '/',
        element: (
          <>
            {element}
            <LocationProbe />
          </>
        ),
      },
      { path: '/runs/:runId', element: <LocationProbe /> },
      { path: '*', element: <LocationProbe /> },
      ...(options.extraRoutes ?? []),
    ],
    { initialEntries: [options.initialEntry ?? options.path ?? '/'] },
  );
  const result = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...result, router, queryClient };
}

/** Prints the current location so tests can assert where navigation went. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export interface FakeResponse {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * Replaces `fetch` with an in-process fake answering by URL. Returns the mock so tests can read
 * the URLs that were requested.
 */
export function stubFetch(answer: (url: URL) => FakeResponse) {
  const mock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const { status = 200, body, headers = {} } = answer(url);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  });
  vi.stubGlobal('fetch', mock);
  return mock;
}

export function requestedUrls(mock: ReturnType<typeof stubFetch>): URL[] {
  return mock.mock.calls.map(([input]) => new URL(String(input), 'http://localhost'));
}
