import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { driftErrorAnswer, driftForRequest, forbiddenByDrift } from '../drift/request-drift';
import type { FaultSpec } from '../traffic/fault-injector';
import { errorBody, sendError } from './error-envelope';
import { newRequestId } from './request-id';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';

/**
 * Everything that happens to a /v2 request before its route: a fresh request id, the request log,
 * armed faults, the bearer-key check, the rate limit, and bringing the simulation up to date.
 */
export function v2Gate(sim: SimulatorContext): MiddlewareHandler<SimulatorEnv> {
  return async (c, next) => {
    const requestId = newRequestId();
    c.set('requestId', requestId);
    const url = new URL(c.req.url);
    const logEntry = { method: c.req.method, path: url.pathname, query: url.search.replace(/^\?/, ''), requestId };

    const fault = sim.faults.take(url.pathname);
    if (fault && fault.kind !== 'slow') {
      // Dropped and hung connections never get a status; log them before they start waiting.
      if (fault.kind === 'hang' || fault.kind === 'reset') sim.requestLog.record({ ...logEntry, status: 0 });
      const response = await applyFault(sim, c, fault);
      if (response) sim.requestLog.record({ ...logEntry, status: response.status });
      return response ?? new Response(null, { status: 503 });
    }
    if (fault?.kind === 'slow') await delay(sim, c, fault.delayMs ?? 2_000);

    const response = await guardedHandle(sim, c, next, url.pathname);
    sim.requestLog.record({ ...logEntry, status: response.status });
    return response;
  };
}

async function guardedHandle(sim: SimulatorContext, c: Context<SimulatorEnv>, next: Next, pathname: string): Promise<Response> {
  if (!hasValidKey(c.req.header('Authorization'), sim.apiKey)) {
    return sendError(c, 401, { type: 'request', code: 'api_key_invalid', message: 'The API key is missing or invalid.' });
  }
  if (!sim.rateLimiter.tryAcquire()) {
    return sendError(c, 429, { type: 'rate_limit', code: 'rate_limit_exceeded', message: 'Request rate over the limit of this organization.' });
  }
  sim.engine.tick();
  const drift = driftForRequest(sim, pathname);
  const forbidden = forbiddenByDrift(drift, pathname);
  if (forbidden) return driftErrorAnswer(c, sendError(c, 403, forbidden), drift, sim.apiKey);
  await next();
  // After next() Hono keeps c.res, not a returned response.
  c.res = await driftErrorAnswer(c, c.res, drift, sim.apiKey);
  return c.res;
}

function hasValidKey(header: string | undefined, apiKey: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(apiKey);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Returns the faulty response, or null when the connection was dropped instead. */
async function applyFault(sim: SimulatorContext, c: Context<SimulatorEnv>, fault: FaultSpec): Promise<Response | null> {
  const requestId = c.get('requestId');
  switch (fault.kind) {
    case '500':
      return c.json(errorBody({ type: 'api', code: 'api_error', message: 'An internal error occurred.' }, requestId), 500);
    case '503':
      return c.json(errorBody({ type: 'api', code: 'service_unavailable', message: 'The service is temporarily unavailable.' }, requestId), 503);
    case '401':
      return c.json(errorBody({ type: 'request', code: 'api_key_invalid', message: 'The API key is missing or invalid.' }, requestId), 401);
    case '429': {
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
      return c.json(
        errorBody({ type: 'rate_limit', code: 'rate_limit_exceeded', message: 'Request rate over the limit of this organization.' }, requestId),
        429,
        headers,
      );
    }
    case 'malformed_json':
      return c.body(`{"id":"trun_truncated","object":"task_run","status":"runn`, 200, { 'Content-Type': 'application/json' });
    case 'reset':
      c.env?.incoming?.socket.destroy();
      return null;
    case 'hang':
      await hangUntilReleased(sim, c);
      return null;
    case 'slow':
      return null;
  }
}

/** Waits until the client gives up or the simulator is disposed; never answers on its own. */
function hangUntilReleased(sim: SimulatorContext, c: Context<SimulatorEnv>): Promise<void> {
  return new Promise((resolve) => {
    const release = () => {
      sim.hangingRequests.delete(release);
      resolve();
    };
    sim.hangingRequests.add(release);
    c.req.raw.signal.addEventListener('abort', release, { once: true });
    c.env?.incoming?.socket.once('close', release);
  });
}

function delay(sim: SimulatorContext, c: Context<SimulatorEnv>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const release = () => {
      clearTimeout(timer);
      sim.hangingRequests.delete(release);
      resolve();
    };
    const timer = setTimeout(release, Math.max(0, Math.min(ms, 120_000)));
    sim.hangingRequests.add(release);
    c.req.raw.signal.addEventListener('abort', release, { once: true });
  });
}
