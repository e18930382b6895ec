// Bundles the server (src/server/main.ts and the account and webhook commands) into dist/server for
// plain `node`: no tsx and no dev dependencies at run time. Every package stays an external import,
// resolved from node_modules as installed by `npm ci --omit=dev`, so native modules (better-sqlite3)
// and pg load as they always do; the build fails when an import is not in "dependencies".
import { readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { SERVER_BUNDLE_OPTIONS } from './server-bundle-options.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** `--outdir DIR` builds elsewhere (the build test does); the default is what `npm start` and the image run. */
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag > 0 && process.argv[outdirFlag + 1] ? path.resolve(process.argv[outdirFlag + 1]) : `${root}dist/server`;
const { dependencies = {} } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const builtins = new Set(builtinModules);

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'src/server/main.ts',
    'users-cli': 'src/server/auth/users-cli.ts',
    'webhooks-cli': 'src/server/events/webhooks-cli.ts',
  },
  outdir,
  ...SERVER_BUNDLE_OPTIONS,
  metafile: true,
});

const missing = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const { path: specifier, external } of output.imports) {
    if (!external || specifier.startsWith('node:') || builtins.has(specifier)) continue;
    if (!(packageOf(specifier) in dependencies)) missing.add(packageOf(specifier));
  }
}
if (missing.size > 0) {
  console.error(`The server bundle imports packages that are not in "dependencies" (a production install leaves them out): ${[...missing].join(', ')}`);
  process.exit(1);
}
console.log(`server bundle written to ${outdir}`);
