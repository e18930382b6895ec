import { createHmac, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/runwatch-harness';
import { expectApiError } from '../testing/api-envelope';

/** `/metrics` over real HTTP, against the simulator: the format, figures that move, and who may read it. */

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function harness(env: Record<string, string> = {}): Promise<Harness> {
  const h = await startHarness({ env });
  harnesses.push(h);
  return h;
}

/** Every sample of a Prometheus text exposition, keyed `name{labels as sent}`. */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    found.set(match[1]!, Number(match[2]));
  }
  return found;
}

async function scrape(h: Harness, headers: Record<string, string> = {}): Promise<Map<string, number>> {
  const response = await h.request('/metrics', { headers });
  expect(response.status).toBe(200);
  return samples(response.text);
}

describe('GET /metrics', () => {
  it('answers a loopback scraper in the Prometheus text format, with HELP and TYPE for each family', async () => {
    const h = await harness();
    const response = await h.request('/metrics', { role: 'none' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    for (const family of ['runwatch_upstream_calls_total', 'runwatch_http_request_duration_seconds', 'runwatch_budget_tokens', 'runwatch_sign_ins_total']) {
      expect(response.text).toContain(`# HELP ${family} `);
      expect(response.text).toMatch(new RegExp(`# TYPE ${family} (counter|gauge|histogram)`));
    }
    const figures = samples(response.text);
    expect(figures.get('runwatch_budget_capacity')).toBeGreaterThan(0);
    expect(figures.get('runwatch_budget_limit{window_seconds="10"}')).toBe(h.upstream.budget.snapshot().limit);
  });

  it('counts a run read: one upstream call by route, a cache miss then a hit, and latency under the route pattern, never the run id', async () => {
    const h = await harness();
    const run = await h.createRun('long_running');
    const before = await scrape(h);
    const upstreamOk = 'runwatch_upstream_calls_total{route="GET /task-runs/{id}",outcome="ok"}';
    const httpCount = 'runwatch_http_request_duration_seconds_count{method="GET",route="/api/runs/:runId",status="2xx"}';

    expect((await h.request(`/api/runs/${run.id}`, { role: 'viewer' })).status).toBe(200);
    expect((await h.request(`/api/runs/${run.id}`, { role: 'viewer' })).status).toBe(200);

    const after = await scrape(h);
    const moved = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    expect(moved(upstreamOk)).toBe(1);
    expect(moved(httpCount)).toBe(2);
    expect([...after.keys()].some((key) => key.includes(run.id))).toBe(false);
    expect(moved('runwatch_read_cache_reads_total{cache="runs",result="miss"}')).toBe(1);
    expect(moved('runwatch_read_cache_reads_total{cache="runs",result="hit"}')).toBe(1);
  });

  it('counts concurrent reads of one run as one miss and coalesced reads, with one upstream call', async () => {
    const h = await harness();
    const run = await h.createRun('long_running');
    const before = await scrape(h);
    const statuses = await Promise.all(Array.from({ length: 5 }, async () => (await h.request(`/api/runs/${run.id}`, { role: 'viewer' })).status));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const after = await scrape(h);
    const moved = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    expect(moved('runwatch_read_cache_reads_total{cache="runs",result="miss"}')).toBe(1);
    expect(
      moved('runwatch_read_cache_reads_total{cache="runs",result="coalesced"}') + moved('runwatch_read_cache_reads_total{cache="runs",result="hit"}'),
    ).toBe(4);
    expect(moved('runwatch_upstream_calls_total{route="GET /task-runs/{id}",outcome="ok"}')).toBe(1);
  });

  it('counts webhook deliveries by outcome and the events they brought', async () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const h = await harness({ RUNWATCH_EVENTS: 'on', RUNWATCH_WEBHOOK_SECRETS: secret, RUNWATCH_EVENTS_INTERVAL_MS: '3600000' });
    const at = new Date();
    const body = JSON.stringify({
      id: `evt_metrics_${randomBytes(4).toString('hex')}`,
      object: 'event',
      type: 'task_run.running',
      created_at: at.toISOString(),
      data: { id: 'trun_metricshook1', object: 'task_run', status: 'running', created_at: at.toISOString(), updated_at: at.toISOString() },
    });
    const deliver = (signedWith: string) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const key = Buffer.from(signedWith.slice('whsec_'.length), 'base64');
      const signature = `v1,${createHmac('sha256', key).update(`msg_metrics1.${timestamp}.${body}`).digest('base64')}`;
      return fetch(`${h.url}/hooks/upstream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': 'msg_metrics1', 'webhook-timestamp': timestamp, 'webhook-signature': signature },
        body,
      });
    };
    const before = await scrape(h);
    expect((await deliver(secret)).status).toBe(204);
    expect((await deliver(secret)).status).toBe(204);
    expect((await deliver(`whsec_${randomBytes(32).toString('base64')}`)).status).toBe(401);
    const after = await scrape(h);
    const moved = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    expect(moved('runwatch_webhook_deliveries_total{outcome="accepted",reason="none"}')).toBe(1);
    expect(moved('runwatch_webhook_deliveries_total{outcome="duplicate",reason="none"}')).toBe(1);
    const rejected = [...after.keys()].filter((key) => key.startsWith('runwatch_webhook_deliveries_total{outcome="rejected"'));
    expect(rejected.reduce((sum, key) => sum + moved(key), 0)).toBe(1);
    expect(moved('runwatch_events_ingested_total{source="webhook",result="inserted"}')).toBe(1);
  });

  it('counts an upstream failure under its kind', async () => {
    const h = await harness();
    const before = await scrape(h);
    expect((await h.request('/api/runs/trun_doesnotexist1', { role: 'viewer' })).status).toBe(404);
    const after = await scrape(h);
    const key = 'runwatch_upstream_calls_total{route="GET /task-runs/{id}",outcome="not_found"}';
    expect((after.get(key) ?? 0) - (before.get(key) ?? 0)).toBe(1);
  });

  it('without a token, refuses a request that came through a proxy, even from loopback', async () => {
    const h = await harness();
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const response = await h.request('/metrics', { headers: { [header]: header === 'forwarded' ? 'for=203.0.113.9' : '203.0.113.9' } });
      await expectApiError(response, { status: 403, code: 'forbidden', what: header });
      expect(response.text).toContain('RUNWATCH_METRICS_TOKEN');
      expect(response.text).not.toContain('runwatch_upstream_calls_total');
    }
  });

  it('with RUNWATCH_METRICS_TOKEN, asks every caller for it as a bearer token, loopback included', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const h = await harness({ RUNWATCH_METRICS_TOKEN: token });
    const none = await h.request('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(none.text).not.toContain(token);
    expect((await h.request('/metrics', { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
    expect((await h.request('/metrics', { headers: { authorization: token } })).status).toBe(401);
    const ok = await h.request('/metrics', { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9' } });
    expect(ok.status).toBe(200);
    expect(samples(ok.text).get('runwatch_budget_capacity')).toBeGreaterThan(0);
  });
});
