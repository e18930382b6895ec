import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventIntake } from '../events/event-intake';
import { verifyWebhook, webhookSigningKey } from '../events/webhook-verifier';
import { createLogger } from '../logger';
import { openSqliteEventStore, type SqliteEventStore } from '../store/sqlite-event-store';
import { AlertDispatcher, type StuckRule } from './alert-dispatcher';
import { AlertLedger } from './alert-ledger';
import { AlertSender } from './alert-sender';
import { startLocalAlertReceiver, type ReceiverReply } from './local-alert-receiver';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NOW = Date.parse('2026-11-29T12:00:00Z');
const log = createLogger({ write: () => undefined });

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function minutesAgo(minutes: number): string {
  return new Date(NOW - minutes * 60_000).toISOString();
}

/** A task_run event as the upstream sends it, with the run snapshot in `data`. */
function runEvent(id: string, status: string, minutes: number, data: Record<string, unknown> = {}) {
  return {
    id,
    type: `task_run.${status}`,
    created_at: minutesAgo(minutes),
    data: { id: 'trun_alert1', status, task_id: 'task_login', source_id: 'src_bank', created_at: minutesAgo(30), updated_at: minutesAgo(minutes), ...data },
  };
}

interface World {
  dataDir: string;
  events: SqliteEventStore;
  intake: EventIntake;
  received: Awaited<ReturnType<typeof startLocalAlertReceiver>>['received'];
  receiverUrl: string;
  startDispatcher(options?: { isStuck?: StuckRule }): AlertDispatcher;
  ingest(...raw: unknown[]): Promise<void>;
}

async function world(reply?: ReceiverReply): Promise<World> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-alerts-'));
  cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
  const dataDir = path.join(root, 'data');
  const events = openSqliteEventStore({ dataDir, log, pruneIntervalMs: 0 });
  cleanups.push(() => events.close());
  const receiver = await startLocalAlertReceiver(reply);
  cleanups.push(receiver.close);
  const intake = new EventIntake({ store: events, log });
  let unsubscribe: (() => void) | null = null;
  return {
    dataDir,
    events,
    intake,
    received: receiver.received,
    receiverUrl: receiver.url,
    startDispatcher: (options = {}) => {
      unsubscribe?.();
      const ledger = new AlertLedger({ dataDir, log });
      const sender = new AlertSender({ url: receiver.url, signingKey: webhookSigningKey(SECRET), log, retryDelaysMs: [5, 5] });
      const dispatcher = new AlertDispatcher({
        events,
        ledger,
        deliver: (alert) => sender.deliver(alert),
        log,
        now: () => NOW,
        linkBase: 'https://runwatch.example.com',
        ...options,
      });
      unsubscribe = intake.onRunsChanged((runIds) => dispatcher.runsChanged(runIds));
      dispatcher.start();
      cleanups.push(async () => {
        await dispatcher.stop();
        sender.stop();
        ledger.close();
      });
      return dispatcher;
    },
    ingest: async (...raw) => {
      await intake.ingest(intake.normalize(raw), 'catch_up');
    },
  };
}

function bodies(received: World['received']): Array<{ text: string; blocks: unknown[]; runwatch: Record<string, unknown> }> {
  return received.map((request) => JSON.parse(request.body) as { text: string; blocks: unknown[]; runwatch: Record<string, unknown> });
}

describe('AlertDispatcher', () => {
  it('posts one signed, Slack-compatible alert when a run starts waiting for a human', async () => {
    const w = await world();
    const dispatcher = w.startDispatcher();
    await w.ingest(runEvent('evt_a1', 'running', 3), runEvent('evt_a2', 'interaction_required', 1));
    await dispatcher.idle();

    expect(w.received).toHaveLength(1);
    const [body] = bodies(w.received);
    expect(body!.text).toMatch(/^Needs a human: run trun_alert1 \(task task_login\)/);
    expect(body!.blocks.length).toBeGreaterThan(0);
    expect(body!.runwatch).toMatchObject({
      kind: 'needs_human',
      runId: 'trun_alert1',
      status: 'interaction_required',
      taskId: 'task_login',
      sourceId: 'src_bank',
      since: minutesAgo(1),
      url: 'https://runwatch.example.com/runs/trun_alert1',
    });
    const request = w.received[0]!;
    const verdict = verifyWebhook({
      headers: {
        id: String(request.headers['webhook-id']),
        timestamp: String(request.headers['webhook-timestamp']),
        signature: String(request.headers['webhook-signature']),
      },
      body: request.body,
      keys: [webhookSigningKey(SECRET)!],
      nowSeconds: Number(request.headers['webhook-timestamp']),
    });
    expect(verdict.ok).toBe(true);
  });

  it('alerts once per run, kind and status change, also after a restart, and again for a fresh prompt', async () => {
    const w = await world();
    let dispatcher = w.startDispatcher();
    await w.ingest(runEvent('evt_b1', 'interaction_required', 5));
    await dispatcher.idle();
    // The same run reported changed again (a later event, a re-read) while it still waits.
    dispatcher.runsChanged(['trun_alert1']);
    await w.ingest(runEvent('evt_b2', 'interaction_required', 5, { source_id: 'src_bank' }));
    await dispatcher.idle();
    expect(w.received).toHaveLength(1);

    // A restart: a new ledger on the same data dir still knows the alert was sent.
    await dispatcher.stop();
    dispatcher = w.startDispatcher();
    dispatcher.runsChanged(['trun_alert1']);
    await dispatcher.idle();
    expect(w.received).toHaveLength(1);

    // The code was rejected: the run worked, then asked again — a new prompt is news.
    await w.ingest(runEvent('evt_b3', 'running', 4), runEvent('evt_b4', 'interaction_required', 3));
    await dispatcher.idle();
    expect(w.received).toHaveLength(2);
    const ids = w.received.map((request) => request.headers['webhook-id']);
    expect(ids[0]).not.toBe(ids[1]);

    // Then it failed: one failed alert.
    await w.ingest(runEvent('evt_b5', 'failed', 1, { errors: [{ type: 'interaction', code: 'interaction_timeout', message: 'no answer' }] }));
    await dispatcher.idle();
    dispatcher.runsChanged(['trun_alert1']);
    await dispatcher.idle();
    expect(bodies(w.received).map((body) => body.runwatch.kind)).toEqual(['needs_human', 'needs_human', 'failed']);
  });

  it('never carries input, output, answers or error messages of the run', async () => {
    const w = await world();
    const dispatcher = w.startDispatcher();
    await w.ingest(
      runEvent('evt_c1', 'failed', 1, {
        input: { password: 'hunter2-input-secret' },
        output: { balance: 'output-secret-4711' },
        interaction: { type: 'mfa', message: 'Enter the code', fields: [{ name: 'code', value: 'answer-secret-123456' }] },
        errors: [{ type: 'task', code: 'login_failed', message: 'message-secret: card 4111111111111111 declined' }],
      }),
    );
    await dispatcher.idle();
    expect(w.received).toHaveLength(1);
    const text = w.received[0]!.body;
    for (const secret of ['hunter2-input-secret', 'output-secret-4711', 'answer-secret-123456', 'message-secret', '4111111111111111']) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(text)).toMatchObject({ runwatch: { kind: 'failed', runId: 'trun_alert1' } });
  });

  it('escapes Slack markup an upstream value might carry', async () => {
    const w = await world();
    const dispatcher = w.startDispatcher();
    await w.ingest(runEvent('evt_d1', 'failed', 1, { task_id: '<!channel> <https://evil.example|click>' }));
    await dispatcher.idle();
    const blocksText = JSON.stringify(bodies(w.received)[0]!.blocks);
    expect(blocksText).not.toContain('<!channel>');
    expect(blocksText).toContain('&lt;!channel&gt;');
  });

  it('raises nothing for history: changes older than the window (a back-fill) and statuses that need no one', async () => {
    const w = await world();
    const dispatcher = w.startDispatcher();
    await w.ingest(
      { ...runEvent('evt_e1', 'failed', 60 * 24), data: { ...runEvent('evt_e1', 'failed', 60 * 24).data, id: 'trun_old1' } },
      { ...runEvent('evt_e2', 'completed', 1), data: { ...runEvent('evt_e2', 'completed', 1).data, id: 'trun_done1' } },
      { ...runEvent('evt_e3', 'running', 1), data: { ...runEvent('evt_e3', 'running', 1).data, id: 'trun_busy1' } },
    );
    await dispatcher.idle();
    expect(w.received).toHaveLength(0);
  });

  it('alerts stuck runs found by the periodic scan, once each', async () => {
    const w = await world();
    const stuckAfterMs = 10 * 60_000;
    const dispatcher = w.startDispatcher({ isStuck: (run, now) => run.status === 'queued' && now.getTime() - Date.parse(run.createdAt) > stuckAfterMs });
    await w.ingest(
      { ...runEvent('evt_f1', 'queued', 20), data: { ...runEvent('evt_f1', 'queued', 20).data, id: 'trun_stuck1', created_at: minutesAgo(20) } },
      { ...runEvent('evt_f2', 'queued', 2), data: { ...runEvent('evt_f2', 'queued', 2).data, id: 'trun_fresh1', created_at: minutesAgo(2) } },
    );
    await dispatcher.idle();
    expect(w.received).toHaveLength(0);
    await dispatcher.scanStuck();
    await dispatcher.scanStuck();
    await dispatcher.idle();
    expect(bodies(w.received).map((body) => [body.runwatch.kind, body.runwatch.runId])).toEqual([['stuck', 'trun_stuck1']]);
  });

  it('retries a failing receiver and, when it stays down, logs and moves on to the next alert', async () => {
    const replies = [503, 200, 500, 500, 500, 200];
    const w = await world((index) => replies[index] ?? 200);
    const dispatcher = w.startDispatcher();
    await w.ingest(runEvent('evt_g1', 'interaction_required', 1));
    await dispatcher.idle();
    await w.ingest({ ...runEvent('evt_g2', 'failed', 1), data: { ...runEvent('evt_g2', 'failed', 1).data, id: 'trun_alert2' } });
    await dispatcher.idle();
    await w.ingest({ ...runEvent('evt_g3', 'failed', 1), data: { ...runEvent('evt_g3', 'failed', 1).data, id: 'trun_alert3' } });
    await dispatcher.idle();
    const runIds = bodies(w.received).map((body) => body.runwatch.runId);
    expect(runIds).toEqual(['trun_alert1', 'trun_alert1', 'trun_alert2', 'trun_alert2', 'trun_alert2', 'trun_alert3']);
  });

  it('sends again after a restart an alert that was claimed but never settled', async () => {
    const w = await world();
    const ledger = new AlertLedger({ dataDir: w.dataDir, log });
    ledger.claim('failed:trun_cut1:x', { id: 'alrt_cut1', kind: 'failed', runId: 'trun_cut1', body: '{"text":"Run failed: run trun_cut1"}' }, new Date(NOW));
    ledger.close();
    const dispatcher = w.startDispatcher();
    await dispatcher.idle();
    expect(w.received.map((request) => request.headers['webhook-id'])).toEqual(['alrt_cut1']);
    dispatcher.runsChanged([]);
    await dispatcher.stop();
    const reopened = new AlertLedger({ dataDir: w.dataDir, log });
    cleanups.push(() => reopened.close());
    expect(reopened.pending()).toEqual([]);
  });
});
