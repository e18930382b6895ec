import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import type { ModuleInfo } from 'rolldown';

/** The dev server proxies `/api` and `/healthz` to a running Runwatch server (`npm run serve`). */
const devApiTarget = `http://127.0.0.1:${process.env.RUNWATCH_DEV_API_PORT ?? '8080'}`;

/** Modules the shared `app` chunk may hold (see `codeSplitting` below). */
const FOUNDATION =
  /node_modules[\\/](zod|@tanstack)[\\/]|src[\\/]contract[\\/](?!paste-ids\.)|src[\\/]web[\\/](lib(?![\\/]cn\.)|components|features[\\/]session)[\\/]/;
const ROUTER = /src[\\/]web[\\/]app[\\/]router\.tsx$/;

/**
 * Whether a module is statically imported, directly or through others, by the entry or by a module
 * the router loads for a page (its page, shell or loader), rather than only by parts that load later.
 */
function neededAsAPageOpens(id: string, ctx: { getModuleInfo(id: string): ModuleInfo | null }, seen = new Set<string>()): boolean {
  if (seen.has(id)) return false;
  seen.add(id);
  const info = ctx.getModuleInfo(id);
  if (!info) return false;
  if (info.isEntry || info.dynamicImporters.some((importer) => ROUTER.test(importer))) return true;
  return info.importers.some((importer) => neededAsAPageOpens(importer, ctx, seen));
}

/** Tests that need a PostgreSQL server (src/server/testing/postgres-global-setup.ts starts one). */
const POSTGRES_TESTS = ['src/server/**/postgres/**/*.test.ts', 'src/server/**/postgres-*.test.ts'];

export default defineConfig({
  plugins: [react(), tailwindcss()],
  // `@/…` is `src/…` (tsconfig.json "paths"), for imports that would otherwise climb two folders or more.
  resolve: { alias: { '@/': fileURLToPath(new URL('./src/', import.meta.url)) } },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: false,
    // .vite/manifest.json: which chunks a route needs, so the server can have a run page's chunks
    // fetched alongside the entry (src/server/static/spa-static.ts).
    manifest: true,
    // Current browsers preload modules natively; without the polyfill an older one still loads
    // every module, only without the head start.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // The foundation more than one page uses (schema and query libraries, contract, lib, UI
              // kit, session) in one chunk, rather than a dozen small shared chunks that each cost a
              // request and compress worse. Page chunks keep their own features. The pasted-id parser
              // stays out: the header's lookup box loads it on use, so no first view carries it. So
              // does `cn` with tailwind-merge: only pages whose callers override a component's base
              // classes use it (first views join classes with `cx`). And only what a page needs as it
              // opens: a part loaded on demand (a dialog, the shortcut sheet) keeps the foundation
              // modules only it uses in a chunk of its own.
              name: (id, ctx) => (FOUNDATION.test(id) && neededAsAPageOpens(id, ctx) ? 'app' : null),
              minShareCount: 2,
            },
          ],
        },
      },
    },
  },
  // Workers (the output search) are ES modules, like the app, so they share its import syntax.
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': devApiTarget,
      '/healthz': devApiTarget,
    },
  },
  test: {
    // `npm run coverage`: V8 coverage of the source, not of the tests or their support; a summary on
    // the console and in coverage/summary.txt, the browsable report in coverage/index.html.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.{ts,tsx}'],
      exclude: ['src/**/*.test.{ts,tsx}', 'src/**/testing/**', 'src/web/test-setup.ts'],
      reportsDirectory: 'coverage',
      reporter: ['text-summary', ['text-summary', { file: 'summary.txt' }], 'html'],
      // A report even when a test fails, so one failure does not cost the whole run's figures.
      reportOnFailure: true,
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/{contract,server,simulator}/**/*.test.ts', 'eslint/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: POSTGRES_TESTS,
          testTimeout: 20_000,
        },
      },
      {
        // Tests on a real PostgreSQL: one throwaway server per run, started only when one of them runs.
        extends: true,
        test: {
          name: 'postgres',
          environment: 'node',
          include: POSTGRES_TESTS,
          globalSetup: ['src/server/testing/postgres-global-setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['src/web/**/*.test.{ts,tsx}'],
          setupFiles: ['src/web/test-setup.ts'],
          // Component tests that render a whole page can take seconds on a loaded two-core machine;
          // so can the hooks that set such a page up or tear it down.
          testTimeout: 15_000,
          hookTimeout: 15_000,
        },
      },
    ],
  },
});
