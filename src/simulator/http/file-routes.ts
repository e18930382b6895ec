import { Hono } from 'hono';
import type { DriftKind } from '../drift/drift-kinds';
import type { RunRecord } from '../engine/run-record';
import { storagePath, screenshotPath } from './file-urls';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';

/**
 * Files are fetched by browsers and proxies, so errors here are plain text, not the API envelope.
 * Some upstreams answer an expired link with 400 (drift `expired_link_400`).
 */
function forbidden(reason: 'expired' | 'invalid', kinds: ReadonlySet<DriftKind>): Response {
  return new Response(reason === 'expired' ? 'This link has expired.\n' : 'Invalid signature.\n', {
    status: reason === 'expired' && kinds.has('expired_link_400') ? 400 : 403,
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
  const driftOf = (run: RunRecord | undefined) => (run ? sim.drift.forRun(run) : sim.drift.globalKinds());

  routes.get('/screenshots/:runId/:file{[0-9]+\\.png}', (c) => {
    const runId = c.req.param('runId');
    const index = Number(c.req.param('file').replace('.png', ''));
    const run = sim.engine.getRun(runId);
    const kinds = driftOf(run);
    const check = sim.signer.check(screenshotPath(runId, index), c.req.query('expires'), c.req.query('signature'));
    if (check !== 'valid') return forbidden(check, kinds);
    const shot = run?.screenshots[index - 1];
    if (!run || !shot) return NOT_FOUND();
    return new Response(new Uint8Array(sim.screenshots.png(run, shot)), {
      headers: {
        'Content-Type': kinds.has('octet_stream_screenshots') ? 'application/octet-stream' : 'image/png',
        'Cache-Control': 'private, max-age=60',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });

  routes.get('/storage/:storageId', (c) => {
    const storageId = c.req.param('storageId');
    const item = sim.engine.getStorage(storageId);
    const check = sim.signer.check(storagePath(storageId), c.req.query('expires'), c.req.query('signature'));
    if (check !== 'valid') return forbidden(check, driftOf(item && sim.engine.getRun(item.runId)));
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
