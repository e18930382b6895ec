import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventStatusResponseSchema, type EventStatusResponse } from '@/contract/bff';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { simulatorControl } from '../testing/simulator-control';
import { CANARY_KEY, startHarness, type Harness } from '../testing/runwatch-harness';
import { runWebhooksCli } from './webhooks-cli';

/**
 * Webhooks end to end: the simulator as the upstream delivers signed events to a real Runwatch over
 * HTTP, with its delivery faults (duplicates, out of order, a bad signature that is retried). The
 * catch-up reads the log only once an hour here, so whatever arrives came by webhook.
 */

const secret = `whsec_${randomBytes(32).toString('base64')}`;

describe('webhook deliveries from the simulator', () => {
  let sim: StartedSimulator;
  let h: Harness;

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0, rateLimit: false });
    h = await startHarness({ simulator: sim, env: { RUNWATCH_EVENTS: 'on', RUNWATCH_WEBHOOK_SECRETS: secret, RUNWATCH_EVENTS_INTERVAL_MS: '3600000' } });
    const created = await fetch(`${sim.baseUrl}/event-destinations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CANARY_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Runwatch', type: 'webhook', webhook: { url: `${h.url}/hooks/upstream`, secret }, events: ['task_run.*'] }),
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await h.close();
    await sim.close();
  });

  async function status(): Promise<EventStatusResponse> {
    return eventStatusResponseSchema.parse((await h.request('/api/events/status', { role: 'viewer' })).json());
  }

  async function waitForHistory(runId: string, entries: number) {
    for (let i = 0; i < 400; i++) {
      const history = await h.events.statusHistory(runId);
      if (history.length >= entries) return history;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`run ${runId} did not get ${entries} history entries by webhook`);
  }

  function sourcesOf(runId: string): string[] {
    const db = new Database(path.join(h.dataDir, 'events.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT source FROM events WHERE run_id = ?').all(runId) as Array<{ source: string }>).map((row) => row.source);
    } finally {
      db.close();
    }
  }

  it('takes in every status change of a run as it happens', async () => {
    const run = await h.createRun('success');
    await h.advance(10 * 60_000);
    const history = await waitForHistory(run.id, 3);
    expect(history.map((entry) => entry.status)).toEqual(['queued', 'running', 'completed']);
    expect(sourcesOf(run.id)).toEqual(['webhook', 'webhook', 'webhook']);
    expect(await h.events.getRun(run.id)).toMatchObject({ status: 'completed', result: 'success' });
    expect((await status()).webhooks.received).toBeGreaterThanOrEqual(3);
  });

  /** Creates a run, lets it finish, and moves the simulated clock until `settled` (retries wait on it). */
  async function runThrough(settled: (runId: string) => Promise<boolean>): Promise<string> {
    const run = await h.createRun('success');
    await h.advance(10 * 60_000);
    for (let i = 0; i < 100 && !(await settled(run.id)); i++) {
      await h.advance(60_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return run.id;
  }

  it('stores each event once when the same message comes twice and out of order', async () => {
    const before = await status();
    await simulatorControl(sim.origin, 'webhooks/faults', { kind: 'duplicate', count: 3, sameMessageId: true });
    await simulatorControl(sim.origin, 'webhooks/faults', { kind: 'out_of_order', count: 1 });
    const runId = await runThrough(
      async (id) => (await h.events.statusHistory(id)).length >= 3 && (await status()).webhooks.duplicates >= before.webhooks.duplicates + 3,
    );
    expect((await status()).webhooks.duplicates).toBe(before.webhooks.duplicates + 3);
    expect((await h.events.statusHistory(runId)).map((entry) => entry.status)).toEqual(['queued', 'running', 'completed']);
    expect(await h.events.getRun(runId)).toMatchObject({ status: 'completed' });
  });

  it('refuses a badly signed attempt and takes the retry; a second delivery of an event adds nothing', async () => {
    const before = await status();
    await simulatorControl(sim.origin, 'webhooks/faults', { kind: 'bad_signature', count: 1 });
    await simulatorControl(sim.origin, 'webhooks/faults', { kind: 'duplicate', count: 1 });
    const runId = await runThrough(
      async (id) => (await h.events.statusHistory(id)).length >= 3 && (await status()).webhooks.received >= before.webhooks.received + 4,
    );
    const after = await status();
    expect(after.webhooks.rejected).toBe(before.webhooks.rejected + 1);
    expect(after.webhooks.received).toBe(before.webhooks.received + 4);
    expect((await h.events.statusHistory(runId)).map((entry) => entry.status)).toEqual(['queued', 'running', 'completed']);
    expect(sourcesOf(runId)).toEqual(['webhook', 'webhook', 'webhook']);
  });

  it('registers a destination with the setup command and prints the secret the upstream holds', async () => {
    let out = '';
    const code = await runWebhooksCli(['register', '--url', 'http://127.0.0.1:9/hooks/upstream', '--yes'], {
      out: (text) => (out += text),
      err: () => {},
      upstream: () => ({ baseUrl: sim.baseUrl, apiKey: CANARY_KEY }),
    });
    expect(code).toBe(0);
    const printed = /RUNWATCH_WEBHOOK_SECRETS=(whsec_\S+)/.exec(out)?.[1];
    const list = (await (await fetch(`${sim.baseUrl}/event-destinations`, { headers: { authorization: `Bearer ${CANARY_KEY}` } })).json()) as {
      data: Array<{ webhook: { url: string; secret: string }; events: string[] }>;
    };
    const registered = list.data.find((destination) => destination.webhook.url === 'http://127.0.0.1:9/hooks/upstream');
    expect(registered).toMatchObject({ events: ['task_run.*'] });
    expect(printed).toBe(registered?.webhook.secret);
  });
});
