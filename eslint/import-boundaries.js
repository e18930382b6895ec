import path from 'node:path';
import { resolveImport } from './resolve-import.js';

/**
 * Enforces the layering in docs/architecture.md (Import boundaries) by resolving each relative import to a file path:
 * - `src/contract` imports nothing else of ours and no I/O or framework packages;
 * - `src/web`, `src/server` and `src/simulator` never import each other (all may import contract),
 *   except that the server's entry point, test support and tests may start the embedded simulator;
 * - a feature under `src/web/features/<name>` never imports another feature or `src/web/app`;
 * - `src/web/lib` and `src/web/components` are the floor every feature stands on: they import
 *   neither a feature nor `src/web/app` (a piece two of them share moves down into lib or components).
 */
const SRC = path.resolve('src');

const LAYER_PACKAGES = {
  contract: [/^node:/, /^hono/, /^react/, /^better-sqlite3$/],
  // The SPA parses with zod/mini only; classic zod would more than double its schema code.
  web: [/^node:/, /^hono/, /^better-sqlite3$/, /^@hono\//, /^zod$/],
  server: [/^react/, /^@tanstack\//],
  simulator: [/^react/, /^@tanstack\//, /^better-sqlite3$/],
};

const ALLOWED_LAYERS = {
  contract: ['contract'],
  web: ['web', 'contract'],
  server: ['server', 'contract'],
  simulator: ['simulator', 'contract'],
};

/** Server files allowed to import the simulator: the entry point (embedded default) and tests. */
function mayStartSimulator(file) {
  const rel = path.relative(path.join(SRC, 'server'), file).split(path.sep).join('/');
  return rel === 'main.ts' || rel.startsWith('testing/') || /\.test\.ts$/.test(rel);
}

function locate(file) {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..')) return null;
  const [layer, second, third] = rel.split(path.sep);
  const feature = layer === 'web' && second === 'features' ? third : null;
  return {
    layer,
    feature,
    inApp: layer === 'web' && second === 'app',
    floor: layer === 'web' && (second === 'lib' || second === 'components') ? second : null,
    file: rel.split(path.sep).join('/'),
  };
}

export const importBoundaries = {
  meta: { type: 'problem', schema: [], messages: { crossing: '{{reason}} (see docs/architecture.md, Import boundaries).' } },
  create(context) {
    const from = locate(context.filename);
    if (!from || !ALLOWED_LAYERS[from.layer]) return {};

    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const report = (reason) => context.report({ node, messageId: 'crossing', data: { reason } });
      const target = resolveImport(context.filename, source);
      if (target === null) {
        if ((LAYER_PACKAGES[from.layer] ?? []).some((re) => re.test(source))) {
          report(`${source} is not for the ${from.layer} layer`);
        }
        return;
      }
      const to = locate(target);
      if (!to) return;
      const serverStartsSimulator = from.layer === 'server' && to.layer === 'simulator' && mayStartSimulator(context.filename);
      if (!ALLOWED_LAYERS[from.layer].includes(to.layer) && !serverStartsSimulator) {
        report(`${from.layer} must not import ${to.layer}`);
      } else if (from.layer === 'web' && to.file.replace(/\.ts$/, '') === 'contract/upstream') {
        report('the SPA never sees upstream objects; use the /api DTOs in contract/bff.ts');
      } else if (from.feature && to.feature && to.feature !== from.feature) {
        report(`feature ${from.feature} must not import feature ${to.feature}; compose them in a page`);
      } else if (from.feature && to.inApp) {
        report(`feature ${from.feature} must not import the app shell or pages`);
      } else if (from.floor && to.feature) {
        report(`web/${from.floor} must not import feature ${to.feature}; move the shared piece down into lib or components`);
      } else if (from.floor && to.inApp) {
        report(`web/${from.floor} must not import the app shell or pages`);
      }
    };

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
    };
  },
};
