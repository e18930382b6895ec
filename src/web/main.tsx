// First: must run before any module defines a zod schema.
import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { Providers } from './app/providers';
import { createAppRouter } from './app/router';
import { initTheme } from './features/theme/utils/theme-store';
import './styles.css';

// Before the first render, so the page never paints in the wrong theme.
initTheme();

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing <div id="root">');

const router = createAppRouter();

createRoot(container).render(
  <StrictMode>
    <Providers>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
