/**
 * How the server is bundled for production (build-server.mjs): one ESM bundle for Node 20, every
 * package left as an import from node_modules, linked source maps. The benchmark bundles the server
 * it measures with the same options (bench/support/bundled-entry.ts), so both run the same code.
 * @type {import('esbuild').BuildOptions}
 */
export const SERVER_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};
