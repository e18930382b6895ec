import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { round } from './support/load';
import { table, type BenchSection } from './support/report';

/**
 * Initial JavaScript of the production build: every module script and modulepreload that
 * index.html names, gzip-compressed at level 9 as a web server would send it.
 */
const DIST = path.resolve('dist/web');

export function benchSpaBundle(): BenchSection {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const urls = new Set<string>();
  for (const match of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) urls.add(match[1]!);
  for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) urls.add(match[1]!);
  const rows = [...urls].map((url) => {
    const bytes = fs.readFileSync(path.join(DIST, url.replace(/^\//, '')));
    return { url, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
  });
  const allJs = fs
    .readdirSync(path.join(DIST, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => zlib.gzipSync(fs.readFileSync(path.join(DIST, 'assets', f)), { level: 9 }).length);
  const initialKb = rows.reduce((s, r) => s + r.gzip, 0) / 1024;
  return {
    title: 'SPA bundle',
    body:
      'JavaScript loaded by `index.html` before anything else (module entry and modulepreloads), gzip level 9. ' +
      'Route modules loaded on demand come on top; the run page benchmark measures what each first view really loads.\n\n' +
      table(
        ['file', 'raw kB', 'gzip kB'],
        rows.map((r) => [r.url, round(r.raw / 1024, 1), round(r.gzip / 1024, 1)]),
      ) +
      `\n\nInitial JS: **${round(initialKb, 1)} kB gzip**; all JS chunks together: ${round(allJs.reduce((s, v) => s + v, 0) / 1024, 1)} kB gzip in ${allJs.length} files.`,
    // The target is judged on what a browser really loads for each first view (run page bench).
    targets: [],
  };
}
