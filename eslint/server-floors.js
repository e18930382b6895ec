import path from 'node:path';
import { resolveImport } from './resolve-import.js';

/**
 * Keeps the floors of src/server (docs/architecture.md, Server floors): every server file sits on a
 * floor, and an import may go to the same floor or one below, never to one above. The floor of a
 * file is that of the longest path below src/server listed here. Tests, test support (`testing/`)
 * and the behaviour suites every store engine runs (`*-suite.ts`) drive the server from outside and
 * may reach any floor; they are no part of the server's own graph.
 */
export const SERVER_FLOORS = [
  {
    name: 'base',
    what: 'request vocabulary (principal, route table, errors), stores, upstream client, metrics, logger',
    paths: ['logger.ts', 'app-env.ts', 'http-drain.ts', 'http/', 'store/', 'upstream/', 'metrics/'],
  },
  {
    name: 'domain',
    what: 'configuration, access and audit, events, runs, actions, files, bundles, alerts, cluster, the PostgreSQL engines',
    paths: ['config.ts', 'auth/', 'audit/', 'events/', 'runs/', 'actions/', 'files/', 'bundle/', 'lookup/', 'alerts/', 'cluster/', 'store/postgres/'],
  },
  { name: 'routes', what: 'route modules, middleware, the SPA files', paths: ['routes/', 'middleware/', 'static/'] },
  { name: 'app', what: 'the HTTP app (createApp)', paths: ['app.ts'] },
  { name: 'wiring', what: 'buildRunwatch: everything assembled from the configuration', paths: ['wiring/'] },
  { name: 'entry', what: 'the server and the command-line tools', paths: ['main.ts', 'auth/users-cli.ts', 'events/webhooks-cli.ts'] },
];

/**
 * Upward imports let through while the imported value waits to move down a floor: none today. The
 * rule lets exactly these pass; the test of this rule fails once one is gone, so the list only shrinks.
 */
export const KNOWN_UPWARD_IMPORTS = [];

const SERVER = path.resolve('src', 'server');

/** Path below src/server with forward slashes, or null for a file outside it. */
function serverPath(file) {
  const rel = path.relative(SERVER, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? null : rel.split(path.sep).join('/');
}

export function isExempt(rel) {
  return rel.startsWith('testing/') || /\.test\.tsx?$/.test(rel) || /-suite\.ts$/.test(rel);
}

/** The floor of a path below src/server (`routes/board-routes.ts`), or null when no floor lists it. */
export function floorOf(rel) {
  let found = null;
  let longest = -1;
  SERVER_FLOORS.forEach((floor, level) => {
    for (const prefix of floor.paths) {
      const matches = prefix.endsWith('/') ? rel.startsWith(prefix) : rel === prefix;
      if (matches && prefix.length > longest) {
        longest = prefix.length;
        found = { name: floor.name, level };
      }
    }
  });
  return found;
}

/** Resolves a relative or `@/` import to the file it names (imports leave out the `.ts`); null for a package. */
function targetOf(importer, source) {
  const resolved = resolveImport(importer, source);
  if (resolved === null) return null;
  return /\.(ts|tsx|js)$/.test(resolved) ? resolved : `${resolved}.ts`;
}

export const serverFloors = {
  meta: {
    type: 'problem',
    // `reportKnown` reports the known upward imports too; the rule's test uses it to keep that list current.
    schema: [{ type: 'object', properties: { reportKnown: { type: 'boolean' } }, additionalProperties: false }],
    messages: {
      upward:
        '{{edge}}: the {{fromFloor}} floor must not import the {{toFloor}} floor above it; move what it needs down (see docs/architecture.md, Server floors).',
      unplaced: '{{file}} is on no floor of src/server; add its folder to SERVER_FLOORS in eslint/server-floors.js (see docs/architecture.md, Server floors).',
    },
  },
  create(context) {
    const from = serverPath(context.filename);
    if (from === null || isExempt(from)) return {};
    const fromFloor = floorOf(from);
    const reportKnown = context.options[0]?.reportKnown === true;

    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const target = targetOf(context.filename, source);
      const to = target === null ? null : serverPath(target);
      if (to === null) return;
      if (!fromFloor) return context.report({ node, messageId: 'unplaced', data: { file: from } });
      const toFloor = floorOf(to);
      if (!toFloor) return context.report({ node, messageId: 'unplaced', data: { file: to } });
      const edge = `${from} -> ${to}`;
      if (toFloor.level <= fromFloor.level || (!reportKnown && KNOWN_UPWARD_IMPORTS.includes(edge))) return;
      context.report({ node, messageId: 'upward', data: { edge, fromFloor: fromFloor.name, toFloor: toFloor.name } });
    };

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
    };
  },
};
