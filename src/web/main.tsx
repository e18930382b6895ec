// First: must run before any module defines a zod schema.
import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { Providers } from './app/providers';
import { startDocumentReads } from './app/document-reads';
import { AppLoading } from './app/app-loading';
import { AppRoutes, preloadRoute } from './app/router';
import { initTheme } from './features/theme/utils/theme-store';
import { viewerLocale } from './lib/format';
import './styles.css';

// Before the first render, so the page never paints in the wrong theme.
initTheme();

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing <div id="root">');

// Evaluating the modules is one task and starting the app (first reads, router, first render) the
// next, so the page's start-up is two shorter tasks rather than one long one.
setTimeout(() => {
  const { pathname } = window.location;
  startDocumentReads(pathname);
  const root = createRoot(container);
  root.render(<AppLoading />);
  // The address's page modules first, so the first render of the app shows the page at once (see
  // lazy-page.tsx) rather than one boundary after another.
  void preloadRoute(pathname).then(() =>
    root.render(
      <StrictMode>
        <Providers>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </Providers>
      </StrictMode>,
    ),
  );
  // Intl's first use loads its locale data (tens of milliseconds): in a task of its own, while the
  // page's chunks and first reads are on their way, rather than inside the render that shows them.
  setTimeout(viewerLocale, 0);
}, 0);
