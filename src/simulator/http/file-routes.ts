import { Hono } from 'hono';
import { storagePath, screenshotPath } from './file-urls';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';

/** Files are fetched by browsers and proxies, so errors here are plain text, not the API envelope. */
function forbidden(reason: 'expired' | 'invalid'): Response {
  return new Response(reason === 'expired' ? 'This link has expired.\n' : 'Invalid signature.\n', {
    status: 403,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

const NOT_FOUND = () => new Response('Not found.\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** RFC 6266 header with an ASCII fallback and the exact UTF-8 name; hostile names stay inert. */
function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_').slice(0, 150) || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Signed downloads: screenshots (PNG) and stored files, on the simulator's own origin. */
export function fileRoutes(sim: SimulatorContext): Hono<SimulatorEnv> {
  const routes = new Hono<SimulatorEnv>();

  routes.get('/screenshots/:runId/:file{[0-9]+\\.png}', (c) => {
    const runId = c.req.param('runId');
    const index = Number(c.req.param('file').replace('.png', ''));
    const check = sim.signer.check(screenshotPath(runId, index), c.req.query('expires'), c.req.query('signature'));
    if (check !== 'valid') return forbidden(check);
    const run = sim.engine.getRun(runId);
    const shot = run?.screenshots[index - 1];
    if (!run || !shot) return NOT_FOUND();
    return new Response(new Uint8Array(sim.screenshots.png(run, shot)), {
      headers: { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=60', 'X-Content-Type-Options': 'nosniff' },
    });
  });

  routes.get('/storage/:storageId', (c) => {
    const storageId = c.req.param('storageId');
    const check = sim.signer.check(storagePath(storageId), c.req.query('expires'), c.req.query('signature'));
    if (check !== 'valid') return forbidden(check);
    const item = sim.engine.getStorage(storageId);
    if (!item) return NOT_FOUND();
    return new Response(new Uint8Array(item.bytes), {
      headers: {
        'Content-Type': item.fileType,
        'Content-Disposition': contentDisposition(item.fileName),
        'Cache-Control': 'private, max-age=60',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });

  routes.all('*', () => NOT_FOUND());
  return routes;
}
