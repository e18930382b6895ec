// First: must run before any module defines a zod schema.
import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { Providers } from './app/providers';
import { startDocumentReads } from './app/document-reads';
import { AppRoutes } from './app/router';
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
  startDocumentReads(window.location.pathname);
  createRoot(container).render(
    <StrictMode>
      <Providers>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </Providers>
    </StrictMode>,
  );
  // Intl's first use loads its locale data (tens of milliseconds): in a task of its own, while the
  // page's chunks and first reads are on their way, rather than inside the render that shows them.
  setTimeout(viewerLocale, 0);
}, 0);
