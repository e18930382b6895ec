import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventDeliveryListSchema, eventDestinationSchema, eventListSchema } from '../testing/contract-schemas';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';
import { startWebhookReceiver, type ReceivedWebhook } from '../testing/webhook-receiver';

// Generous: the machine running the suite may be busy.
const WAIT = { timeout: 10_000, interval: 20 };

/** Standard Webhooks verification written out here, independent of the simulator's signing code. */
function signatureMatches(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`)
    .digest('base64');
  return String(headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

function eventOf(hook: ReceivedWebhook): { id: string; type: string; data: Record<string, unknown>; request_id: string | null } {
  return JSON.parse(hook.body) as { id: string; type: string; data: Record<string, unknown>; request_id: string | null };
}

describe('webhook deliveries', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  async function setup(events: string[] = ['task_run.*'], options: Parameters<typeof startTestSimulator>[0] = {}) {
    const sim = await startTestSimulator(options);
    const receiver = await startWebhookReceiver();
    cleanups.push(
      () => sim.close(),
      () => receiver.close(),
    );
    const response = await sim.api('/event-destinations', {
      method: 'POST',
      body: JSON.stringify({ name: 'Runwatch', type: 'webhook', webhook: { url: receiver.url }, events }),
    });
    const destination = eventDestinationSchema.parse(await response.json());
    return { sim, receiver, destination, secret: destination.webhook.secret };
  }

  async function deliveries(sim: SimulatorTestClient, destinationId: string) {
    return (await sim.apiJson(`/event-destinations/${destinationId}/event-deliveries?limit=100`, eventDeliveryListSchema)).body.data;
  }

  async function arm(sim: SimulatorTestClient, fault: Record<string, unknown>): Promise<void> {
    expect((await sim.control('POST', '/webhooks/faults', fault)).status).toBe(201);
  }

  it('posts each event as signed JSON with the Standard Webhooks headers', async () => {
    const { sim, receiver, destination, secret } = await setup();
    const started = await sim.api('/tasks/task_Hook01/run', { method: 'POST', body: JSON.stringify({ source_id: 'src_Bank01' }) });
    const run = (await started.json()) as { id: string; request_id: string };
    await sim.advance(2 * 60_000);
    await vi.waitFor(() => expect(receiver.received.map((hook) => eventOf(hook).type)).toContain('task_run.completed'), WAIT);

    const logged = (await sim.apiJson('/events?limit=100', eventListSchema)).body.data;
    const listed = await deliveries(sim, destination.id);
    for (const hook of receiver.received) {
      expect(hook.headers['content-type']).toBe('application/json');
      expect(signatureMatches(secret, hook.headers, hook.body)).toBe(true);
      expect(signatureMatches(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, hook.headers, hook.body)).toBe(false);
      expect(signatureMatches(secret, hook.headers, hook.body.replace('"task_run"', '"task_rum"'))).toBe(false);
      expect(Math.abs(Number(hook.headers['webhook-timestamp']) - Date.now() / 1_000)).toBeLessThan(300);
      const event = eventOf(hook);
      // The body is the event exactly as the event log serves it.
      expect(event).toEqual(logged.find((item) => item.id === event.id));
      expect(listed.find((delivery) => delivery.event_id === event.id)?.id).toBe(hook.headers['webhook-id']);
    }
    const queued = receiver.received.map(eventOf).find((event) => event.type === 'task_run.queued');
    expect(queued?.request_id).toBe(run.request_id);
    expect(queued?.data).toMatchObject({ id: run.id, credential_id: '', result: '', runtime_ms: '' });
  });

  it('retries after 30 s, 2 min and 8 min of simulated time with the same webhook-id, then deactivates the destination', async () => {
    const { sim, receiver, destination } = await setup(['task_run.queued']);
    receiver.answerWith(500);
    await sim.createRun('slow_queue');
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1), WAIT);
    for (const [waitMs, attempts] of [
      [30_000, 2],
      [120_000, 3],
      [480_000, 4],
    ] as const) {
      const [pending] = await deliveries(sim, destination.id);
      await vi.waitFor(async () => expect((await deliveries(sim, destination.id))[0]?.attempts).toBe(attempts - 1), WAIT);
      const afterAttempt = (await deliveries(sim, destination.id))[0];
      expect(afterAttempt).toMatchObject({ status: 'failure', response_status: 500 });
      expect(pending?.id).toBe(afterAttempt?.id);
      const nextAt = Date.parse(afterAttempt?.next_attempt_at ?? '');
      const clock = Date.parse(((await sim.control('GET', '/clock')).body as { now: string }).now);
      expect(nextAt - clock).toBe(waitMs);
      await sim.advance(waitMs);
      await vi.waitFor(() => expect(receiver.received).toHaveLength(attempts), WAIT);
    }
    expect(new Set(receiver.received.map((hook) => hook.headers['webhook-id'])).size).toBe(1);

    await vi.waitFor(
      async () => expect(((await (await sim.api(`/event-destinations/${destination.id}`)).json()) as { status: string }).status).toBe('inactive'),
      WAIT,
    );
    const [final] = await deliveries(sim, destination.id);
    expect(final).toMatchObject({ status: 'failure', attempts: 4, next_attempt_at: null });
    const deactivated = (await sim.apiJson('/events?type=event_destination.deactivated', eventListSchema)).body.data;
    expect(deactivated).toHaveLength(1);
    expect(deactivated[0]).toMatchObject({ request_id: null, data: { id: destination.id, status: 'inactive' } });
    expect(JSON.stringify(deactivated[0]?.data)).not.toContain('whsec_');

    // An inactive destination gets nothing new.
    await sim.createRun('slow_queue');
    expect(await deliveries(sim, destination.id)).toHaveLength(1);

    // Switched back on through the control, it gets the next event.
    receiver.answerWith(204);
    expect((await sim.control('POST', `/webhooks/destinations/${destination.id}/activate`, {})).body).toEqual({ id: destination.id, status: 'active' });
    expect((await sim.apiJson('/events?type=event_destination.activated', eventListSchema)).body.data).toHaveLength(1);
    await sim.createRun('slow_queue');
    await vi.waitFor(async () => expect((await deliveries(sim, destination.id))[0]).toMatchObject({ status: 'success', attempts: 1 }), WAIT);
    expect((await sim.control('POST', '/webhooks/destinations/evtd_missing/activate', {})).status).toBe(404);
  });

  it('counts an answer later than the timeout, and a redirect, as failed attempts', async () => {
    const { sim, receiver, destination } = await setup(['task_run.queued'], { webhookTimeoutMs: 200 });
    receiver.answerWith('hang');
    await sim.createRun('slow_queue');
    await vi.waitFor(
      async () => expect((await deliveries(sim, destination.id))[0]).toMatchObject({ status: 'failure', attempts: 1, response_status: 0 }),
      WAIT,
    );

    receiver.answerWith(302);
    await sim.createRun('slow_queue');
    await vi.waitFor(
      async () => expect((await deliveries(sim, destination.id))[0]).toMatchObject({ status: 'failure', attempts: 1, response_status: 302 }),
      WAIT,
    );
    expect(receiver.received).toHaveLength(2);
  });

  it('signs with the old and the new secret for 24 h after a rotation', async () => {
    const { sim, receiver, destination, secret: oldSecret } = await setup(['task_run.queued']);
    const rotated = await sim.api(`/event-destinations/${destination.id}/rotate-secret`, { method: 'POST' });
    const newSecret = ((await rotated.json()) as { webhook: { secret: string } }).webhook.secret;
    expect(newSecret).not.toBe(oldSecret);
    expect(newSecret).toMatch(/^whsec_/);

    await sim.createRun('slow_queue');
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1), WAIT);
    const [during] = receiver.received;
    expect(String(during?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(signatureMatches(newSecret, during?.headers ?? {}, during?.body ?? '')).toBe(true);
    expect(signatureMatches(oldSecret, during?.headers ?? {}, during?.body ?? '')).toBe(true);

    await sim.advance(24 * 3_600_000);
    await sim.createRun('slow_queue');
    await vi.waitFor(() => expect(receiver.received.length).toBeGreaterThanOrEqual(2), WAIT);
    const after = receiver.received[receiver.received.length - 1];
    expect(String(after?.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(signatureMatches(newSecret, after?.headers ?? {}, after?.body ?? '')).toBe(true);
    expect(signatureMatches(oldSecret, after?.headers ?? {}, after?.body ?? '')).toBe(false);
    expect((await sim.api(`/event-destinations/${destination.id}/rotate-secret`, { method: 'POST', body: '{"secret":"whsec_x"}' })).status).toBe(400);
  });

  describe('fault modes', () => {
    it('duplicate: the same event again under a new webhook-id, or the same message twice', async () => {
      const { sim, receiver, secret } = await setup(['task_run.queued']);
      await arm(sim, { kind: 'duplicate', count: 1 });
      await sim.createRun('slow_queue');
      await vi.waitFor(() => expect(receiver.received).toHaveLength(2), WAIT);
      expect(eventOf(receiver.received[0]!).id).toBe(eventOf(receiver.received[1]!).id);
      expect(receiver.received[0]?.headers['webhook-id']).not.toBe(receiver.received[1]?.headers['webhook-id']);

      await arm(sim, { kind: 'duplicate', count: 1, sameMessageId: true });
      await sim.createRun('slow_queue');
      await vi.waitFor(() => expect(receiver.received).toHaveLength(4), WAIT);
      expect(receiver.received[2]?.headers['webhook-id']).toBe(receiver.received[3]?.headers['webhook-id']);
      expect(receiver.received[2]?.body).toBe(receiver.received[3]?.body);
      expect(receiver.received.every((hook) => signatureMatches(secret, hook.headers, hook.body))).toBe(true);
    });

    it('out_of_order: an event held back arrives after the next one', async () => {
      const { sim, receiver } = await setup();
      await arm(sim, { kind: 'out_of_order', count: 1 });
      await sim.createRun('success');
      await sim.advance(10_000);
      await vi.waitFor(() => expect(receiver.received).toHaveLength(2), WAIT);
      expect(receiver.received.map((hook) => eventOf(hook).type)).toEqual(['task_run.running', 'task_run.queued']);
    });

    it('delay: the first attempt waits the given simulated time', async () => {
      const { sim, receiver, destination } = await setup(['task_run.queued']);
      await arm(sim, { kind: 'delay', count: 1, delayMs: 90_000 });
      await sim.createRun('slow_queue');
      const [waiting] = await deliveries(sim, destination.id);
      expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });
      expect(Date.parse(waiting?.next_attempt_at ?? '') - Date.parse(waiting?.created_at ?? '')).toBe(90_000);
      await sim.advance(90_000);
      await vi.waitFor(() => expect(receiver.received).toHaveLength(1), WAIT);
      expect(eventOf(receiver.received[0]!).type).toBe('task_run.queued');
    });

    it('bad_signature and stale_timestamp: one attempt each that a careful receiver refuses', async () => {
      const { sim, receiver, secret } = await setup(['task_run.queued']);
      await arm(sim, { kind: 'bad_signature', count: 1 });
      await sim.createRun('slow_queue');
      await vi.waitFor(() => expect(receiver.received).toHaveLength(1), WAIT);
      expect(signatureMatches(secret, receiver.received[0]!.headers, receiver.received[0]!.body)).toBe(false);

      await arm(sim, { kind: 'stale_timestamp', count: 1, ageSeconds: 900 });
      await sim.createRun('slow_queue');
      await vi.waitFor(() => expect(receiver.received).toHaveLength(2), WAIT);
      const stale = receiver.received[1]!;
      expect(signatureMatches(secret, stale.headers, stale.body)).toBe(true);
      expect(Date.now() / 1_000 - Number(stale.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(899);

      await sim.createRun('slow_queue');
      await vi.waitFor(() => expect(receiver.received).toHaveLength(3), WAIT);
      expect(signatureMatches(secret, receiver.received[2]!.headers, receiver.received[2]!.body)).toBe(true);
      expect(Math.abs(Date.now() / 1_000 - Number(receiver.received[2]!.headers['webhook-timestamp']))).toBeLessThan(300);
    });

    it('drop: the event is in the log but never delivered', async () => {
      const { sim, receiver, destination } = await setup(['task_run.queued']);
      await arm(sim, { kind: 'drop', count: 1 });
      const lost = await sim.createRun('slow_queue');
      const kept = await sim.createRun('slow_queue');
      await vi.waitFor(() => expect(receiver.received).toHaveLength(1), WAIT);
      expect(eventOf(receiver.received[0]!).data.id).toBe(kept.id);
      const logged = (await sim.apiJson('/events?type=task_run.queued', eventListSchema)).body.data;
      expect(logged.map((event) => event.data.id)).toContain(lost.id);
      expect((await deliveries(sim, destination.id)).map((delivery) => delivery.event_id)).toEqual([eventOf(receiver.received[0]!).id]);
      expect((await sim.control('GET', '/webhooks')).body as { dropped: number; faults: unknown[] }).toMatchObject({ dropped: 1, faults: [] });
    });

    it('"" in data is on by default and switches off in the settings', async () => {
      const { sim, receiver } = await setup(['task_run.queued']);
      await sim.createRun('slow_queue');
      await vi.waitFor(() => expect(receiver.received).toHaveLength(1), WAIT);
      expect(eventOf(receiver.received[0]!).data).toMatchObject({ credential_id: '', result: '', runtime_ms: '' });
      await sim.control('POST', '/settings', { eventEmptyStrings: false });
      await sim.createRun('slow_queue');
      await vi.waitFor(() => expect(receiver.received).toHaveLength(2), WAIT);
      expect(eventOf(receiver.received[1]!).data).toMatchObject({ credential_id: null, result: null, runtime_ms: null });
    });

    it('refuses unknown fault kinds', async () => {
      const { sim } = await setup();
      expect((await sim.control('POST', '/webhooks/faults', { kind: 'explode', count: 1 })).status).toBe(400);
      expect((await sim.control('POST', '/webhooks/faults', { kind: 'drop', count: 0 })).status).toBe(400);
    });
  });
});
