import fs from 'node:fs';
import path from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { isValidId } from '@/contract/ids';
import type { AppEnv } from '../app-env';
import { negotiateEncoding } from '../http/accept-encoding';
import { AssetCache } from './asset-cache';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite puts content-hashed files under /assets/: they can be cached for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built SPA from `staticDir` for GET/HEAD outside `/api` (Hono strips HEAD bodies): real files as they are,
 * and `index.html` for any other path a browser navigates to (client-side routing). Paths are
 * resolved inside `staticDir` only; dotfiles are never served.
 *
 * Hashed files under `/assets/` come from memory, brotli- or gzip-compressed when the browser
 * accepts it (see AssetCache); compressing them starts right away, in the background.
 */
export function spaStatic(staticDir: string): MiddlewareHandler<AppEnv> {
  const root = path.resolve(staticDir);
  const indexFile = path.join(root, 'index.html');
  const assetsDir = path.join(root, 'assets');
  const assets = new AssetCache();
  void assets.warm(assetsDir);

  return async (c, next) => {
    const method = c.req.method;
    if ((method !== 'GET' && method !== 'HEAD') || c.req.path === '/api' || c.req.path.startsWith('/api/')) return next();

    const file = resolveInside(root, c.req.path);
    if (file?.startsWith(assetsDir + path.sep)) {
      const asset = await assets.get(file).catch(() => null);
      if (asset) {
        const headers: Record<string, string> = {
          'Content-Type': contentTypeOf(file),
          'Cache-Control': IMMUTABLE,
        };
        if (asset.codings.length === 0) return c.body(asset.raw, 200, headers);
        headers.Vary = 'Accept-Encoding';
        const coding = negotiateEncoding(c.req.header('accept-encoding'), asset.codings);
        if (!coding) return c.body(asset.raw, 200, headers);
        headers['Content-Encoding'] = coding;
        return c.body(asset.encoded[coding]!, 200, headers);
      }
    }
    if (file && (await isFile(file))) {
      const body = await fs.promises.readFile(file);
      const relative = path.relative(root, file).split(path.sep).join('/');
      return c.body(new Uint8Array(body), 200, {
        'Content-Type': contentTypeOf(file),
        'Cache-Control': relative.startsWith('assets/') ? IMMUTABLE : 'no-cache',
      });
    }

    const acceptsHtml = (c.req.header('accept') ?? '').includes('text/html');
    if (!acceptsHtml) return next();
    if (!(await isFile(indexFile))) {
      return c.text('The Runwatch web app has not been built yet: run `npm run build`.', 503, { 'Cache-Control': 'no-store' });
    }
    const body = await withEarlyReads(root, await fs.promises.readFile(indexFile, 'utf8'), c.req.path);
    return c.body(body, 200, { 'Content-Type': CONTENT_TYPES['.html']!, 'Cache-Control': 'no-cache' });
  };
}

/**
 * A run page's first view waits for two reads, the session and the run, and for its chunks: the
 * browser starts them all while it parses the HTML, instead of after the entry script has run, and
 * the SPA's own requests then take over these responses. The URLs must be exactly the ones the SPA
 * asks for (src/web/features/session/api/session-queries.ts, src/web/features/run-detail/api/run-queries.ts),
 * or the browser reads twice.
 */
async function withEarlyReads(root: string, html: string, requestPath: string): Promise<string> {
  const runId = /^\/runs\/([^/]+)\/?$/.exec(requestPath)?.[1];
  if (runId === undefined || !isValidId('run', runId)) return html;
  const reads = ['/api/session', `/api/runs/${runId}?include=input,storage,artifacts`];
  const links = [
    ...reads.map((href) => `<link rel="preload" as="fetch" crossorigin href="${href}">`),
    ...(await chunksBeyondEntry(root, RUN_PAGE_MODULES)).map((href) => `<link rel="modulepreload" crossorigin href="${href}">`),
  ];
  return html.replace('</head>', `${links.join('')}</head>`);
}

/** The run page's modules (the signed-in shell, the page, the early read started as the document loads), as Vite's build manifest names them. */
const RUN_PAGE_MODULES = ['src/web/app/protected-shell.tsx', 'src/web/app/routes/run-page.tsx', 'src/web/features/run-detail/api/early-run-read.ts'];

/**
 * The chunks `modules` need that index.html does not load already, from the build's manifest
 * (read each time, like index.html, so a rebuild is picked up); none without one.
 */
async function chunksBeyondEntry(root: string, modules: string[]): Promise<string[]> {
  let manifest: Record<string, { file: string; imports?: string[] } | undefined>;
  try {
    manifest = JSON.parse(await fs.promises.readFile(path.join(root, '.vite', 'manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    return [];
  }
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const imported of manifest[key].imports ?? []) visit(imported);
  };
  visit('index.html');
  const entry = new Set(seen);
  modules.forEach(visit);
  return [...seen].filter((key) => !entry.has(key)).map((key) => `/${manifest[key]!.file}`);
}

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function resolveInside(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s.startsWith('.'))) return null;
  const resolved = path.resolve(root, ...segments);
  return resolved.startsWith(root + path.sep) ? resolved : null;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isFile();
  } catch {
    return false;
  }
}
