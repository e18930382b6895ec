import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { CANARY_KEY, startHarness, type Harness } from '../testing/runwatch-harness';

/** `/readyz` over real HTTP: the store decides readiness; the upstream's state is only reported. */

const harnesses: Harness[] = [];
const simulators: StartedSimulator[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  for (const sim of simulators.splice(0)) await sim.close().catch(() => {});
});

interface Readiness {
  status?: string;
  store?: { state: string };
  upstream?: { state: string; lastAnswerAt: string | null; lastFailure: { kind: string } | null };
  error?: { code: string; details?: { store: { state: string } } };
}

describe('GET /readyz', () => {
  it('is ready with the store answering, and tells whether the upstream answered, without calling it', async () => {
    const h = await startHarness();
    harnesses.push(h);
    const first = await h.request('/readyz', { role: 'none' });
    expect(first.status).toBe(200);
    expect(first.json<Readiness>()).toMatchObject({ status: 'ready', store: { state: 'ok' }, upstream: { state: 'unknown', lastAnswerAt: null } });
    expect(await h.upstreamRequests()).toEqual([]);

    const run = await h.createRun('long_running');
    expect((await h.request(`/api/runs/${run.id}`, { role: 'viewer' })).status).toBe(200);
    const after = (await h.request('/readyz')).json<Readiness>();
    expect(after.upstream).toMatchObject({ state: 'reachable', lastFailure: null });
    expect(after.upstream?.lastAnswerAt).not.toBeNull();
  });

  it('stays ready when the upstream is unreachable, and says so', async () => {
    const sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 });
    simulators.push(sim);
    const h = await startHarness({ simulator: sim, client: { maxReadRetries: 0 } });
    harnesses.push(h);
    const run = await h.createRun('long_running');
    await sim.close();

    expect((await h.request(`/api/runs/${run.id}`, { role: 'viewer' })).status).toBe(502);
    const response = await h.request('/readyz');
    expect(response.status).toBe(200);
    expect(response.json<Readiness>()).toMatchObject({
      status: 'ready',
      store: { state: 'ok' },
      upstream: { state: 'unreachable', lastFailure: { kind: 'network' } },
    });
  });

  it('answers 503 when the store does not answer, without saying why to the public', async () => {
    const h = await startHarness();
    harnesses.push(h);
    await h.events.close();
    const response = await h.request('/readyz');
    expect(response.status).toBe(503);
    const body = response.json<Readiness>();
    expect(body.error).toMatchObject({ code: 'not_ready', details: { store: { state: 'failing' } } });
    expect(h.logs.some((line) => line.includes('not ready: the store does not answer'))).toBe(true);
    expect((await h.request('/healthz')).status).toBe(200);
  });
});
