import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelope } from '../testing/contract-schemas';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';

/** The keyless `/__sim` controls must not be drivable by a web page the user happens to visit. */
describe('simulator controls refuse browser requests', () => {
  let sim: SimulatorTestClient;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterEach(async () => {
    await sim.control('DELETE', '/faults');
  });
  afterAll(async () => {
    await sim.close();
  });

  const control = (path: string, init: RequestInit) => fetch(`${sim.started.origin}/__sim${path}`, init);

  async function pendingFaults(): Promise<unknown[]> {
    const { status, body } = await sim.control('GET', '/faults');
    expect(status).toBe(200);
    return (body as { data: unknown[] }).data;
  }

  async function expectRefused(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(expectEnvelope(await response.json()).errors[0]).toMatchObject({ type: 'request', code });
  }

  it('refuses a cross-site text/plain form post (it carries an Origin) and changes nothing', async () => {
    const response = await control('/faults', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: JSON.stringify({ kind: '503', count: 100 }),
    });
    await expectRefused(response, 403, 'origin_forbidden');
    expect(await pendingFaults()).toEqual([]);
  });

  it('refuses any request with an Origin, JSON or not, reads included', async () => {
    const json = await control('/clock/advance', {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: JSON.stringify({ ms: 60_000 }),
    });
    await expectRefused(json, 403, 'origin_forbidden');
    await expectRefused(await control('/stats', { headers: { origin: 'null' } }), 403, 'origin_forbidden');
  });

  it.each([
    ['text/plain', JSON.stringify({ kind: '503', count: 100 })],
    ['application/x-www-form-urlencoded', 'kind=503&count=100'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\n503\r\n--x--\r\n'],
  ])('refuses a %s body with 415 even without an Origin', async (contentType, body) => {
    const response = await control('/faults', { method: 'POST', headers: { 'content-type': contentType }, body });
    await expectRefused(response, 415, 'content_type_unsupported');
    expect(await pendingFaults()).toEqual([]);
  });

  it('refuses a body sent with no Content-Type at all', async () => {
    const response = await control('/faults', { method: 'POST', body: new Blob([JSON.stringify({ kind: '503', count: 1 })]) });
    await expectRefused(response, 415, 'content_type_unsupported');
    expect(await pendingFaults()).toEqual([]);
  });

  it('still serves tooling: JSON without an Origin, and body-less calls', async () => {
    // As e2e/support/simulator-control.ts sends them (Node fetch adds no Origin).
    const armed = await control('/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: '503', count: 1 }),
    });
    expect(armed.status).toBe(201);
    expect(await pendingFaults()).toHaveLength(1);
    expect((await control('/faults', { method: 'DELETE', headers: { 'content-type': 'application/json' } })).status).toBe(200);
    expect((await control('/stats/reset', { method: 'POST' })).status).toBe(200);
    expect(await pendingFaults()).toEqual([]);
  });
});
