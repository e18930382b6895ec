import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhook, webhookSigningKey } from '../events/webhook-verifier';
import { createLogger } from '../logger';
import type { OutgoingAlert } from './alert-message';
import { AlertSender } from './alert-sender';
import { startLocalAlertReceiver } from './local-alert-receiver';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const alert: OutgoingAlert = { id: 'alrt_test1', kind: 'failed', runId: 'trun_send1', body: JSON.stringify({ text: 'Run failed: run trun_send1' }) };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(reply?: Parameters<typeof startLocalAlertReceiver>[0]) {
  const started = await startLocalAlertReceiver(reply);
  closers.push(started.close);
  return started;
}

function sender(url: string, options: Partial<ConstructorParameters<typeof AlertSender>[0]> = {}) {
  const logs: string[] = [];
  const instance = new AlertSender({
    url,
    signingKey: webhookSigningKey(SECRET),
    log: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    retryDelaysMs: [5, 5, 5],
    attemptTimeoutMs: 2_000,
    ...options,
  });
  closers.push(async () => instance.stop());
  return { instance, logs };
}

describe('AlertSender', () => {
  it('signs each alert so a Standard Webhooks receiver accepts it, and a tampered body fails the check', async () => {
    const target = await receiver();
    const { instance } = sender(target.url);
    expect(await instance.deliver(alert)).toBe('delivered');
    expect(target.received).toHaveLength(1);
    const [request] = target.received;
    const headers = {
      id: request!.headers['webhook-id'] as string,
      timestamp: request!.headers['webhook-timestamp'] as string,
      signature: request!.headers['webhook-signature'] as string,
    };
    expect(headers.id).toBe(alert.id);
    expect(request!.headers['content-type']).toBe('application/json');
    const keys = [webhookSigningKey(SECRET)!];
    const nowSeconds = Date.now() / 1000;
    expect(verifyWebhook({ headers, body: request!.body, keys, nowSeconds })).toMatchObject({ ok: true, deliveryId: alert.id });
    expect(verifyWebhook({ headers, body: request!.body.replace('failed', 'passed'), keys, nowSeconds })).toMatchObject({ ok: false });
    const otherKey = webhookSigningKey('whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY')!;
    expect(verifyWebhook({ headers, body: request!.body, keys: [otherKey], nowSeconds })).toMatchObject({ ok: false, reason: 'no_matching_signature' });
  });

  it('retries 5xx and 429 answers with the same alert id until one is accepted', async () => {
    const replies = [503, 429, 200];
    const target = await receiver((index) => replies[index] ?? 200);
    const { instance } = sender(target.url);
    expect(await instance.deliver(alert)).toBe('delivered');
    expect(target.received).toHaveLength(3);
    expect(new Set(target.received.map((request) => request.headers['webhook-id']))).toEqual(new Set([alert.id]));
    expect(new Set(target.received.map((request) => request.body))).toEqual(new Set([alert.body]));
  });

  it('gives up after the configured retries, logs a warning without the receiver URL, and does not throw', async () => {
    const target = await receiver(() => 500);
    const { instance, logs } = sender(`${target.url}?token=receiver-secret-token`);
    expect(await instance.deliver(alert)).toBe('failed');
    expect(target.received).toHaveLength(4);
    const warning = logs.find((line) => line.includes('could not be delivered'));
    expect(warning).toContain('HTTP 500');
    expect(logs.join('\n')).not.toContain('receiver-secret-token');
  });

  it('does not retry a refusal (4xx) or follow a redirect', async () => {
    const refusing = await receiver(() => 400);
    expect(await sender(refusing.url).instance.deliver(alert)).toBe('failed');
    expect(refusing.received).toHaveLength(1);

    const redirecting = await receiver(() => 302);
    expect(await sender(redirecting.url).instance.deliver(alert)).toBe('failed');
    expect(redirecting.received).toHaveLength(1);
  });

  it('bounds each attempt: a receiver that never answers is given up on', async () => {
    const target = await receiver(() => 'hang');
    const { instance, logs } = sender(target.url, { attemptTimeoutMs: 150, retryDelaysMs: [5] });
    expect(await instance.deliver(alert)).toBe('failed');
    expect(target.received).toHaveLength(2);
    expect(logs.join('\n')).toContain('no answer within 150 ms');
  });

  it('lets a fresh alert through while another waits to be retried', async () => {
    const target = await receiver((index) => (index === 0 ? 503 : 204));
    const { instance } = sender(target.url, { maxInFlight: 1, retryDelaysMs: [1_000] });
    const fresh: OutgoingAlert = { ...alert, id: 'alrt_fresh', runId: 'trun_send2' };
    const first = instance.deliver(alert);
    await expect.poll(() => target.received.length).toBe(1);
    expect(await instance.deliver(fresh)).toBe('delivered');
    expect(await first).toBe('delivered');
    expect(target.received.map((request) => request.headers['webhook-id'])).toEqual([alert.id, fresh.id, alert.id]);
  });

  it('treats an unreachable receiver as a failure to retry, not a crash', async () => {
    const target = await receiver();
    const url = target.url;
    await target.close();
    closers.pop();
    const { instance, logs } = sender(url, { retryDelaysMs: [5] });
    expect(await instance.deliver(alert)).toBe('failed');
    expect(logs.join('\n')).toContain('receiver unreachable');
  });
});
