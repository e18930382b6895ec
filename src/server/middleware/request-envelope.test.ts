import { Hono, type MiddlewareHandler } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../app-env';
import { createLogger } from '../logger';
import { accessLog } from './access-log';
import { REQUEST_ID_HEADER, requestContext } from './request-context';
import { requestEnvelope } from './request-envelope';
import { securityHeaders } from './security-headers';

/** The same routes behind the three separate layers and behind the one envelope. */
function appWith(layers: (log: ReturnType<typeof createLogger>) => MiddlewareHandler<AppEnv>[]) {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const app = new Hono<AppEnv>();
  app.use('*', ...layers(log));
  app.get('/api/json', (c) => {
    c.set('principal', { userId: 'u1', name: 'alice', role: 'viewer', via: 'session' });
    return c.json({ ok: true }, 200, { 'X-Cache': 'HIT' });
  });
  app.get('/api/cors', (c) => c.body('x', 200, { 'Access-Control-Allow-Origin': '*', 'X-Powered-By': 'me', 'Cache-Control': 'private' }));
  app.get('/api/sandboxed', (c) => c.body('x', 200, { 'Content-Security-Policy': "sandbox; default-src 'none'" }));
  // Headers of a redirect Response are immutable: the layer must copy it.
  app.get('/api/immutable', () => Response.redirect('http://127.0.0.1/elsewhere', 302));
  app.get('/page', (c) => c.text('page'));
  app.get('/api/throws', () => {
    throw new Error('boom');
  });
  app.onError((_error, c) => c.json({ error: { code: 'internal_error' } }, 500));
  return { app, lines };
}

const separate = () => appWith((log) => [requestContext(log), accessLog(), securityHeaders()]);
const folded = () => appWith((log) => [requestEnvelope(log)]);

async function answer(app: Hono<AppEnv>, path: string) {
  const response = await app.request(path);
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== REQUEST_ID_HEADER.toLowerCase()));
  return { status: response.status, headers, requestId: response.headers.get(REQUEST_ID_HEADER), body: await response.text() };
}

describe('requestEnvelope', () => {
  const paths = ['/api/json', '/api/cors', '/api/sandboxed', '/api/immutable', '/page', '/api/throws', '/api/missing'];

  it.each(paths)('answers %s exactly as requestContext + accessLog + securityHeaders do, request id aside', async (path) => {
    const a = separate();
    const b = folded();
    const before = await answer(a.app, path);
    const after = await answer(b.app, path);
    expect(after.requestId).toMatch(/^rw_[A-Za-z0-9_-]{16}$/);
    expect(after.requestId).not.toBe(before.requestId);
    expect({ ...after, requestId: null }).toEqual({ ...before, requestId: null });
    expect(after.headers['x-content-type-options']).toBe('nosniff');
  });

  it('writes the same access line, carrying the request id it sent', async () => {
    const a = separate();
    const b = folded();
    await answer(a.app, '/api/json');
    const { requestId } = await answer(b.app, '/api/json');
    expect(b.lines).toHaveLength(1);
    expect(b.lines[0]).toMatchObject({ msg: 'request', method: 'GET', path: '/api/json', status: 200, cache: 'HIT', user: 'u1', requestId });
    const comparable = (line: Record<string, unknown>) => ({ ...line, time: null, durationMs: null, requestId: null });
    expect(comparable(b.lines[0]!)).toEqual(comparable(a.lines[0]!));
  });
});
