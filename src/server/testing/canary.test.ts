import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { CANARY_KEY, CanaryLeakError } from './canary';
import { startFullAppTestServer } from './full-app-test-server';
import { startHarness } from './runwatch-harness';

/**
 * The test servers refuse to close quietly when the upstream key got out, so every suite using
 * them checks it. Each case leaks the key on purpose in one place and expects close() to fail.
 */

async function expectLeakReported(close: () => Promise<void>, where: RegExp): Promise<void> {
  const error = await close().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CanaryLeakError);
  expect(
    (error as CanaryLeakError).places.some((place) => where.test(place)),
    (error as Error).message,
  ).toBe(true);
}

describe('the harness checks for the key when it closes', () => {
  let sim: StartedSimulator;
  let staticDir: string;

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0 });
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-canary-static-'));
    fs.mkdirSync(path.join(staticDir, 'assets'));
    // Large enough to be sent compressed: the check must look at what the client decodes.
    fs.writeFileSync(path.join(staticDir, 'assets', 'leak-0f0f0f.js'), `${'// padding\n'.repeat(400)}export const key = "${CANARY_KEY}";\n`);
  });

  afterAll(async () => {
    await sim?.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  it('closes quietly when the key is nowhere', async () => {
    const h = await startHarness({ simulator: sim });
    const created = await h.createRun('success');
    expect((await h.request(`/api/runs/${created.id}`)).status).toBe(200);
    await expect(h.close()).resolves.toBeUndefined();
  });

  it('fails on a response the test fetched itself, even gzip-compressed', async () => {
    const h = await startHarness({ simulator: sim, staticDir });
    const response = await fetch(`${h.url}/assets/leak-0f0f0f.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toContain(CANARY_KEY);
    await expectLeakReported(() => h.close(), /^response: GET \/assets\/leak-0f0f0f\.js/);
  });

  it('fails on a log line and on an audit entry', async () => {
    const h = await startHarness({ simulator: sim });
    h.logs.push(JSON.stringify({ msg: 'oops', key: CANARY_KEY }));
    h.audits.push({
      action: 'run.canceled',
      outcome: 'failed',
      actor: null,
      actorRole: null,
      runId: null,
      address: null,
      requestId: 'rw_x',
      detail: CANARY_KEY,
    });
    expect(h.leaks()).toHaveLength(2);
    await expectLeakReported(() => h.close(), /^audit entry/);
  });

  it('fails on a file in the data dir', async () => {
    const h = await startHarness({ simulator: sim });
    fs.writeFileSync(path.join(h.dataDir, 'debug-dump.bin'), Buffer.concat([Buffer.alloc(64), Buffer.from(CANARY_KEY, 'latin1')]));
    await expectLeakReported(() => h.close(), /^file debug-dump\.bin/);
  });
});

describe('the full app test server uses the key and checks for it when it closes', () => {
  it('talks to a simulator that knows the canary key', async () => {
    const app = await startFullAppTestServer();
    try {
      const direct = await fetch(`${app.sim.baseUrl}/task-runs?limit=1`, { headers: { authorization: `Bearer ${CANARY_KEY}` } });
      expect(direct.status).toBe(200);
      await direct.arrayBuffer();
      const viewer = await app.signInAs('viewer');
      expect((await fetch(`${app.url}/api/runs`, { headers: { cookie: viewer } })).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('fails when the key reaches a response', async () => {
    const app = await startFullAppTestServer();
    // An upstream that echoes the key back in a run's input: Runwatch passes input on as data.
    const { id } = await app.simControl<{ id: string }>('scenarios', { scenario: 'success', input: { note: CANARY_KEY } });
    const viewer = await app.signInAs('viewer');
    const response = await fetch(`${app.url}/api/runs/${id}?include=input`, { headers: { cookie: viewer } });
    expect(await response.text()).toContain(CANARY_KEY);
    await expectLeakReported(() => app.close(), new RegExp(`^response: GET /api/runs/${id}`));
  });

  it('fails on a log line or a file in the data dir', async () => {
    const app = await startFullAppTestServer();
    app.logs.push(`something printed ${CANARY_KEY}`);
    fs.writeFileSync(path.join(app.dataDir, 'notes.txt'), CANARY_KEY);
    await expectLeakReported(() => app.close(), /^log line/);
  });
});
