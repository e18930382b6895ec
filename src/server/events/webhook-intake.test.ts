import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventStatusResponseSchema, runResponseSchema } from '@/contract/bff';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { CANARY_KEY, startHarness, type Harness } from '../testing/runwatch-harness';

/**
 * Webhook deliveries over real HTTP into a real Runwatch (real SQLite files in a temp data dir),
 * signed here by the Standard Webhooks rules, independently of the verifier under test.
 */

const secretA = `whsec_${randomBytes(32).toString('base64')}`;
const secretB = `whsec_${randomBytes(32).toString('base64')}`;
const unknownSecret = `whsec_${randomBytes(32).toString('base64')}`;

interface Delivery {
  body: string;
  id?: string;
  timestamp?: number;
  secret?: string;
  headers?: Record<string, string | undefined>;
  /** A connection of its own: the server may close it after refusing the body unread. */
  ownConnection?: boolean;
}

let deliverySeq = 0;

function signature(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

async function deliver(h: Harness, delivery: Delivery): Promise<{ status: number; body: string }> {
  const id = delivery.id ?? `msg_${++deliverySeq}_${randomBytes(4).toString('hex')}`;
  const timestamp = String(delivery.timestamp ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': signature(delivery.secret ?? secretA, id, timestamp, delivery.body),
  };
  for (const [name, value] of Object.entries(delivery.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  if (delivery.ownConnection) return postOnOwnConnection(`${h.url}/hooks/upstream`, headers, delivery.body);
  const response = await fetch(`${h.url}/hooks/upstream`, { method: 'POST', headers, body: delivery.body });
  return { status: response.status, body: await response.text() };
}

function postOnOwnConnection(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server answers before it has read the whole body and may then close: that is not a failure here.
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    request.end(body);
  });
}

function runEvent(id: string, runId: string, status: string, at: Date, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id,
    object: 'event',
    type: `task_run.${status === 'cancelling' ? 'canceling' : status}`,
    created_at: at.toISOString(),
    data: {
      id: runId,
      object: 'task_run',
      status,
      result: status === 'completed' ? 'success' : '',
      task_id: 'task_hooks',
      credential_id: '',
      agent_id: 'agt_hooks',
      source_id: '',
      runtime_ms: status === 'queued' ? '' : 1_000,
      created_at: new Date(at.getTime() - 60_000).toISOString(),
      updated_at: at.toISOString(),
      ...extra,
    },
  });
}

function storedCounts(h: Harness): { events: number; deliveries: number } {
  const db = new Database(path.join(h.dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const events = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const deliveries = (db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries').get() as { n: number }).n;
    return { events, deliveries };
  } finally {
    db.close();
  }
}

async function status(h: Harness) {
  const response = await h.request('/api/events/status', { role: 'viewer' });
  expect(response.status).toBe(200);
  return eventStatusResponseSchema.parse(response.json());
}

describe('POST /hooks/upstream', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      env: { RUNWATCH_EVENTS: 'on', RUNWATCH_WEBHOOK_SECRETS: `${secretA}, ${secretB}`, RUNWATCH_EVENTS_INTERVAL_MS: '3600000' },
      // Copies of active runs stay for a minute: only an event can make the next read fetch.
      cache: { activeTtlMs: 60_000, activeTtlWithEventsMs: 60_000 },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('stores a delivery signed with the configured secret and answers 204 with no session or CSRF header', async () => {
    const at = new Date();
    const result = await deliver(h, { body: runEvent('evt_hook_valid', 'trun_hookvalid', 'running', at) });
    expect(result).toEqual({ status: 204, body: '' });
    expect(await h.events.statusHistory('trun_hookvalid')).toEqual([
      expect.objectContaining({ eventId: 'evt_hook_valid', status: 'running', at: at.toISOString() }),
    ]);
    const current = await status(h);
    expect(current.mode).toBe('webhooks+catch_up');
    expect(current.webhooks.received).toBeGreaterThanOrEqual(1);
  });

  it('takes deliveries signed with either secret during a rotation', async () => {
    expect((await deliver(h, { secret: secretA, body: runEvent('evt_rot_a', 'trun_rotation', 'queued', new Date()) })).status).toBe(204);
    expect((await deliver(h, { secret: secretB, body: runEvent('evt_rot_b', 'trun_rotation', 'running', new Date()) })).status).toBe(204);
    expect((await h.events.statusHistory('trun_rotation')).map((entry) => entry.eventId)).toEqual(['evt_rot_a', 'evt_rot_b']);
  });

  it('refuses bad deliveries with 401 and a reason, storing nothing', async () => {
    const before = storedCounts(h);
    const rejectedBefore = (await status(h)).webhooks.rejected;
    const body = runEvent('evt_bad', 'trun_bad', 'completed', new Date());
    const signedOther = signature(secretA, 'msg_bad', String(Math.floor(Date.now() / 1000)), body);
    const oldTimestamp = Math.floor(Date.now() / 1000) - 10 * 60;
    const cases: Array<[string, Delivery]> = [
      ['tampered body', { body, headers: { 'webhook-id': 'msg_bad', 'webhook-signature': signedOther.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) } }],
      ['body changed after signing', { body: body.replace('completed', 'failed'), headers: { 'webhook-id': 'msg_bad', 'webhook-signature': signedOther } }],
      ['unknown secret', { body, secret: unknownSecret }],
      ['old timestamp', { body, timestamp: oldTimestamp }],
      ['no signature', { body, headers: { 'webhook-signature': undefined } }],
      ['no id', { body, headers: { 'webhook-id': undefined } }],
      ['no timestamp', { body, headers: { 'webhook-timestamp': undefined } }],
    ];
    const outcomes = [];
    for (const [label, delivery] of cases) {
      const result = await deliver(h, delivery);
      outcomes.push(`${label}: ${result.status} ${(JSON.parse(result.body) as { error: { reason: string } }).error.reason}`);
    }
    expect(outcomes).toEqual([
      'tampered body: 401 no_matching_signature',
      'body changed after signing: 401 no_matching_signature',
      'unknown secret: 401 no_matching_signature',
      'old timestamp: 401 timestamp_too_old',
      'no signature: 401 missing_headers',
      'no id: 401 missing_headers',
      'no timestamp: 401 missing_headers',
    ]);
    expect(storedCounts(h)).toEqual(before);
    expect(await h.events.statusHistory('trun_bad')).toEqual([]);
    expect((await status(h)).webhooks.rejected).toBe(rejectedBefore + cases.length);
  });

  it('answers a repeated delivery 204 without storing it again, and the same event in another delivery once', async () => {
    const body = runEvent('evt_dup', 'trun_dup', 'running', new Date());
    const first = await deliver(h, { id: 'msg_dup_1', body });
    const before = storedCounts(h);
    const duplicatesBefore = (await status(h)).webhooks.duplicates;
    const again = await deliver(h, { id: 'msg_dup_1', body });
    const otherDelivery = await deliver(h, { id: 'msg_dup_2', body });
    expect([first.status, again.status, otherDelivery.status]).toEqual([204, 204, 204]);
    expect((await status(h)).webhooks.duplicates).toBe(duplicatesBefore + 1);
    // The second delivery id is new (one row), its event is not.
    expect(storedCounts(h)).toEqual({ events: before.events, deliveries: before.deliveries + 1 });
    expect((await h.events.statusHistory('trun_dup')).map((entry) => entry.eventId)).toEqual(['evt_dup']);
  });

  it('keeps a run completed when its running event arrives after the completed one, with both in the history', async () => {
    const runningAt = new Date(Date.now() - 30_000);
    const completedAt = new Date(Date.now() - 10_000);
    expect((await deliver(h, { body: runEvent('evt_ooo_done', 'trun_outoforder', 'completed', completedAt) })).status).toBe(204);
    expect((await deliver(h, { body: runEvent('evt_ooo_run', 'trun_outoforder', 'running', runningAt) })).status).toBe(204);
    expect(await h.events.getRun('trun_outoforder')).toMatchObject({ status: 'completed', result: 'success', updatedAt: completedAt.toISOString() });
    expect((await h.events.statusHistory('trun_outoforder')).map((entry) => [entry.status, entry.at])).toEqual([
      ['running', runningAt.toISOString()],
      ['completed', completedAt.toISOString()],
    ]);
  });

  it('reads "" as absent in event data', async () => {
    await deliver(h, { body: runEvent('evt_empty', 'trun_emptystrings', 'queued', new Date(), { workflow_id: '' }) });
    expect(await h.events.getRun('trun_emptystrings')).toMatchObject({ credentialId: null, sourceId: null, workflowId: null, result: null, runtimeMs: null });
  });

  it('refuses a body that is not JSON (400) and one over the size limit (413), storing nothing', async () => {
    const before = storedCounts(h);
    const notJson = await deliver(h, { body: 'event=completed' });
    expect(notJson.status).toBe(400);
    const huge = await deliver(h, { body: runEvent('evt_huge', 'trun_huge', 'running', new Date(), { padding: 'x'.repeat(300 * 1024) }), ownConnection: true });
    expect(huge.status).toBe(413);
    expect(storedCounts(h)).toEqual(before);
  });

  it('a flood of bad deliveries stores nothing and writes no log line above debug', async () => {
    const before = storedCounts(h);
    const linesBefore = h.logs.length;
    const body = runEvent('evt_flood', 'trun_flood', 'running', new Date());
    const statuses = new Set<number>();
    for (let batch = 0; batch < 8; batch++) {
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => deliver(h, { body, secret: unknownSecret, id: `msg_flood_${batch}_${i}` })));
      for (const result of results) statuses.add(result.status);
    }
    expect([...statuses]).toEqual([401]);
    expect(storedCounts(h)).toEqual(before);
    const loud = h.logs.slice(linesBefore).filter((line) => (JSON.parse(line) as { level: string }).level !== 'debug');
    expect(loud).toEqual([]);
  });

  it('makes the next read of a changed run fetch it, while an unchanged run is served from the cache', async () => {
    const [changed, alsoChanged, unchanged] = [await h.createRun('success'), await h.createRun('success'), await h.createRun('success')];
    const statusOf = async (runId: string) => runResponseSchema.parse((await h.request(`/api/runs/${runId}`, { role: 'viewer' })).json()).run.status;
    for (const run of [changed, alsoChanged, unchanged]) expect(await statusOf(run.id)).toBe('queued');
    await h.advance(10_000);
    // Nothing told Runwatch yet: the cached copies are still served.
    for (const run of [changed, alsoChanged, unchanged]) expect(await statusOf(run.id)).toBe('queued');

    const log = await fetch(`${h.sim.baseUrl}/events?type=task_run.running&limit=100`, { headers: { authorization: `Bearer ${CANARY_KEY}` } });
    const runningEvents = ((await log.json()) as { data: Array<{ data: { id: string } }> }).data;
    const batch = [changed, alsoChanged].map((run) => runningEvents.find((event) => event.data.id === run.id));
    expect(batch.every(Boolean)).toBe(true);
    // One delivery changing two runs.
    expect((await deliver(h, { body: JSON.stringify(batch) })).status).toBe(204);

    expect(await statusOf(changed.id)).not.toBe('queued');
    expect(await statusOf(alsoChanged.id)).not.toBe('queued');
    expect(await statusOf(unchanged.id)).toBe('queued');
  });
});

describe('POST /hooks/upstream without a configured secret', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ env: { RUNWATCH_EVENTS: 'on', RUNWATCH_EVENTS_INTERVAL_MS: '3600000' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers exactly as an unknown route does, stores nothing, and logs the reason only at debug; the status says catch-up only', async () => {
    const result = await deliver(h, { body: runEvent('evt_nosecret', 'trun_nosecret', 'running', new Date()) });
    expect(result.status).toBe(404);
    expect(withoutRequestId(JSON.parse(result.body))).toEqual(await unknownRouteAnswer(h));
    expect(result.body).not.toMatch(/RUNWATCH_|secret|events/i);
    expect(await h.events.statusHistory('trun_nosecret')).toEqual([]);
    expect(h.logs.map((line) => JSON.parse(line) as { level: string; msg: string; reason?: string })).toContainEqual(
      expect.objectContaining({
        level: 'debug',
        msg: 'webhook delivery refused: webhooks are not set up',
        reason: expect.stringContaining('RUNWATCH_WEBHOOK_SECRETS'),
      }),
    );
    expect((await status(h)).mode).toBe('catch_up');
  });
});

describe('POST /hooks/upstream with events off', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ env: { RUNWATCH_EVENTS: 'off', RUNWATCH_WEBHOOK_SECRETS: secretA } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers exactly as an unknown route does and stores nothing', async () => {
    const result = await deliver(h, { body: runEvent('evt_off', 'trun_off', 'running', new Date()) });
    expect(result.status).toBe(404);
    expect(withoutRequestId(JSON.parse(result.body))).toEqual(await unknownRouteAnswer(h));
    expect(await h.events.statusHistory('trun_off')).toEqual([]);
  });
});

describe('the same event by webhook and by catch-up', () => {
  let sim: StartedSimulator;
  let dataDir: string;
  let h: Harness | null = null;

  beforeAll(async () => {
    sim = await startSimulator({ apiKey: CANARY_KEY, port: 0, seedDemo: false, speed: 0, rateLimit: false });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-hooks-'));
  });
  afterAll(async () => {
    await h?.close();
    await sim.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is stored once, by whichever came first', async () => {
    // First Runwatch: webhooks, and a catch-up that reads the (empty) log once at start and then waits an hour.
    h = await startHarness({
      simulator: sim,
      dataDir,
      env: { RUNWATCH_EVENTS: 'on', RUNWATCH_WEBHOOK_SECRETS: secretA, RUNWATCH_EVENTS_INTERVAL_MS: '3600000' },
    });
    const first = h;
    await waitFor(async () => (await status(first)).backfill.state === 'done');
    const run = await first.createRun('success');
    await first.advance(10 * 60_000);
    const log = await fetch(`${sim.baseUrl}/events?type=task_run.*&limit=100`, { headers: { authorization: `Bearer ${CANARY_KEY}` } });
    const events = ((await log.json()) as { data: Array<{ id: string; data: { id: string } }> }).data.filter((event) => event.data.id === run.id);
    expect(events.length).toBe(3);
    for (const event of events) expect((await deliver(first, { body: JSON.stringify(event) })).status).toBe(204);
    await first.close();

    // Second Runwatch on the same data dir: its catch-up reads the same events from the log.
    h = await startHarness({ simulator: sim, dataDir, env: { RUNWATCH_EVENTS: 'on', RUNWATCH_WEBHOOK_SECRETS: secretA, RUNWATCH_EVENTS_INTERVAL_MS: '200' } });
    const second = h;
    const startedAt = new Date().toISOString();
    await waitFor(async () => ((await status(second)).lastPassAt ?? '') > startedAt);

    const history = await second.events.statusHistory(run.id);
    expect(history.map((entry) => entry.eventId).sort()).toEqual(events.map((event) => event.id).sort());
    const db = new Database(path.join(dataDir, 'events.sqlite'), { readonly: true });
    try {
      const sources = db.prepare('SELECT source FROM events WHERE run_id = ?').all(run.id) as Array<{ source: string }>;
      expect(sources.map((row) => row.source)).toEqual(['webhook', 'webhook', 'webhook']);
    } finally {
      db.close();
    }
  });
});

/** What a POST to a route Runwatch does not have answers (the request id aside). */
async function unknownRouteAnswer(h: Harness): Promise<unknown> {
  const response = await fetch(`${h.url}/hooks/nowhere`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(404);
  return withoutRequestId(await response.json());
}

function withoutRequestId(body: unknown): unknown {
  const { error } = body as { error: { requestId: string } };
  expect(error.requestId).toMatch(/\S/);
  return { error: { ...error, requestId: '(each request its own)' } };
}

/** Polls until `done` holds (bounded: about 20 s). */
async function waitFor(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out');
}
