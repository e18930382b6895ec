import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventDeliveryListSchema, eventDestinationListSchema, eventDestinationSchema, expectEnvelope } from '../testing/contract-schemas';
import { startTestSimulator, type SimulatorTestClient } from '../testing/simulator-test-client';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver';

describe('/v2/event-destinations', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  async function setup(options: Parameters<typeof startTestSimulator>[0] = {}): Promise<{ sim: SimulatorTestClient; receiver: WebhookReceiver }> {
    const sim = await startTestSimulator(options);
    const receiver = await startWebhookReceiver();
    cleanups.push(
      () => sim.close(),
      () => receiver.close(),
    );
    return { sim, receiver };
  }

  async function post(sim: SimulatorTestClient, body: unknown) {
    const response = await sim.api('/event-destinations', { method: 'POST', body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as unknown };
  }

  it('creates a webhook destination with a generated secret, reads, lists and deletes it', async () => {
    const { sim, receiver } = await setup();
    const created = await post(sim, { name: 'Runwatch', type: 'webhook', webhook: { url: receiver.url }, events: ['task_run.*'] });
    expect(created.status).toBe(201);
    const destination = eventDestinationSchema.parse(created.body);
    expect(destination).toMatchObject({ object: 'event_destination', name: 'Runwatch', type: 'webhook', status: 'active', events: ['task_run.*'] });
    expect(destination.id).toMatch(/^evtd_/);
    expect(destination.webhook.url).toBe(receiver.url);
    expect(destination.webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(destination.webhook.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);

    const one = await sim.apiJson(`/event-destinations/${destination.id}`, eventDestinationSchema);
    expect(one.body.webhook.secret).toBe(destination.webhook.secret);
    const list = (await sim.apiJson('/event-destinations', eventDestinationListSchema)).body;
    expect(list.data.map((item) => item.id)).toEqual([destination.id]);

    const deleted = await sim.api(`/event-destinations/${destination.id}`, { method: 'DELETE' });
    expect(await deleted.json()).toMatchObject({ id: destination.id, deleted: true });
    const gone = await sim.api(`/event-destinations/${destination.id}`);
    expect(gone.status).toBe(404);
    expect(expectEnvelope(await gone.json()).errors[0]?.code).toBe('event_destination_not_found');
    expect((await sim.apiJson('/event-destinations', eventDestinationListSchema)).body.data).toEqual([]);
  });

  it('accepts the older config/credentials shape with its own secret and custom headers', async () => {
    const { sim, receiver } = await setup();
    const secret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
    const created = await post(sim, {
      name: 'Older shape',
      type: 'webhook',
      config: { url: receiver.url, custom_headers: JSON.stringify({ 'X-Team': 'ops' }) },
      credentials: { secret },
      events: ['*'],
    });
    expect(created.status).toBe(201);
    expect(eventDestinationSchema.parse(created.body).webhook).toEqual({ url: receiver.url, custom_headers: '{"x-team":"ops"}', secret });
    await sim.createRun('success');
    await vi.waitFor(() => expect(receiver.received[0]?.headers['x-team']).toBe('ops'), { timeout: 10_000, interval: 20 });
  });

  it('refuses bad registrations with a clear error and creates nothing', async () => {
    const { sim, receiver } = await setup();
    const base = { name: 'x', type: 'webhook', webhook: { url: receiver.url }, events: ['*'] };
    const cases: [unknown, string][] = [
      [{ ...base, webhook: { url: 'http://example.com/hooks' } }, 'webhook.url'],
      [{ ...base, webhook: { url: 'http://10.0.0.5/hooks' } }, 'webhook.url'],
      [{ ...base, webhook: { url: 'ftp://127.0.0.1/hooks' } }, 'webhook.url'],
      [{ ...base, webhook: { url: 'http://user:pw@127.0.0.1/hooks' } }, 'webhook.url'],
      [{ ...base, webhook: { url: 'not a url' } }, 'webhook.url'],
      [{ ...base, webhook: { url: receiver.url, secret: 'whsec_short' } }, 'webhook.secret'],
      [{ ...base, webhook: { url: receiver.url, custom_headers: '{"webhook-signature":"v1,x"}' } }, 'webhook.custom_headers'],
      [{ ...base, webhook: { url: receiver.url, custom_headers: '{not json' } }, 'webhook.custom_headers'],
      [{ ...base, events: [] }, 'events'],
      [{ ...base, events: ['task_run completed'] }, 'events'],
      [{ ...base, type: 'aws_sqs' }, 'type'],
      [{ ...base, name: '' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const answer = await post(sim, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(expectEnvelope(answer.body).errors[0]).toMatchObject({ type: 'request', code: 'parameter_invalid', field });
    }
    const notJson = await sim.api('/event-destinations', { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect((await sim.apiJson('/event-destinations', eventDestinationListSchema)).body.data).toEqual([]);
  });

  it('allows other hosts only when started with webhookTargets "any"', async () => {
    const { sim } = await setup({ webhookTargets: 'any' });
    const created = await post(sim, { name: 'Elsewhere', type: 'webhook', webhook: { url: 'https://hooks.example.com/in' }, events: ['*'] });
    expect(created.status).toBe(201);
    expect(((await sim.control('GET', '/webhooks')).body as { targets: string }).targets).toBe('any');
  });

  it('lists deliveries newest first with paging and status and type filters', async () => {
    const { sim, receiver } = await setup();
    const destination = eventDestinationSchema.parse(
      (await post(sim, { name: 'All', type: 'webhook', webhook: { url: receiver.url }, events: ['task_run.*'] })).body,
    );
    await sim.createRun('success');
    await sim.advance(2 * 60_000);
    await vi.waitFor(() => expect(receiver.received.some((hook) => hook.body.includes('task_run.completed'))).toBe(true), { timeout: 10_000, interval: 20 });
    const path = `/event-destinations/${destination.id}/event-deliveries`;
    const all = (await sim.apiJson(`${path}?limit=100`, eventDeliveryListSchema)).body.data;
    expect(all.map((delivery) => delivery.event_type)).toEqual(['task_run.completed', 'task_run.running', 'task_run.queued']);
    for (const delivery of all) {
      expect(delivery).toMatchObject({ object: 'event_delivery', status: 'success', attempts: 1, event_destination_id: destination.id });
      expect(delivery.id).toMatch(/^edlv_/);
      expect(delivery.delivered_at).not.toBeNull();
    }

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const body: { data: { id: string }[]; next_cursor: string | null } = (
        await sim.apiJson(`${path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, eventDeliveryListSchema)
      ).body;
      seen.push(...body.data.map((delivery) => delivery.id));
      cursor = body.next_cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all.map((delivery) => delivery.id));

    const completed = (await sim.apiJson(`${path}?type=task_run.completed`, eventDeliveryListSchema)).body.data;
    expect(completed.map((delivery) => delivery.event_type)).toEqual(['task_run.completed']);
    expect((await sim.apiJson(`${path}?status=failure`, eventDeliveryListSchema)).body.data).toEqual([]);
    expect((await sim.apiJson(`${path}?status=success`, eventDeliveryListSchema)).body.data).toHaveLength(3);
    expect((await sim.api(`${path}?status=bogus`)).status).toBe(400);
    expect((await sim.api(`${path}?cursor=%%%`)).status).toBe(400);
    expect((await sim.api('/event-destinations/evtd_missing/event-deliveries')).status).toBe(404);
  });
});
