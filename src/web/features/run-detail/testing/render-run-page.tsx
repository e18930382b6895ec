import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { createQueryClient } from '@/web/lib/query-client';

/** Renders `page` at `/runs/:runId` inside a memory router and the app's real query client. */
export function renderAtRunRoute(page: ReactElement, url: string) {
  const queryClient = createQueryClient();
  const router = createMemoryRouter(
    [
      { path: '/runs/:runId', element: page },
      { path: '/', element: <p>Runs list</p> },
    ],
    { initialEntries: [url] },
  );
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...view, queryClient, router };
}
