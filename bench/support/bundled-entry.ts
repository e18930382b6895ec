import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { SERVER_BUNDLE_OPTIONS } from '../../scripts/server-bundle-options.mjs';

/**
 * A benchmark child bundled the way `npm run build` bundles the server for production (with the
 * same options, scripts/server-bundle-options.mjs), so the server under test runs the code
 * production runs, on plain `node`, rather than the sources compiled file by file as they load.
 * Written under bench/out (git-ignored), one folder per entry, built once per benchmark process.
 */
const OUT_DIR = path.resolve('bench/out/bundles');
const built = new Map<string, Promise<string>>();

/** The bundled entry's file, built on first use. */
export function bundledEntry(entry: URL): Promise<string> {
  const source = fileURLToPath(entry);
  let file = built.get(source);
  if (!file) {
    file = bundle(source);
    built.set(source, file);
  }
  return file;
}

async function bundle(source: string): Promise<string> {
  const name = path.basename(source, path.extname(source));
  const outdir = path.join(OUT_DIR, name);
  await build({ ...SERVER_BUNDLE_OPTIONS, absWorkingDir: process.cwd(), entryPoints: { [name]: source }, outdir });
  return path.join(outdir, `${name}.js`);
}
