import path from 'node:path';

/** `@/…` names a file under `src/` (tsconfig.json "paths", vite.config.ts `resolve.alias`). */
export const SRC_ALIAS = '@/';

/**
 * The path an import names, resolved against the importing file: relative imports and `@/…` imports
 * of `src/`. Null for a package, so callers judge packages by name instead.
 */
export function resolveImport(importer, source) {
  if (source.startsWith(SRC_ALIAS)) return path.resolve('src', source.slice(SRC_ALIAS.length));
  if (source.startsWith('.')) return path.resolve(path.dirname(importer), source);
  return null;
}
