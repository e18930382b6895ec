import { describe, expect, it } from 'vitest';
import { metrics, metricsRegistry } from './metrics';
import { noteUpstreamAnswer, upstreamHealth } from './upstream-health';

/** The seams: each moves its figure under bounded labels and hands back what it was given. */

async function value(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric(name)?.get();
  const sample = metric?.values.find((v) => Object.entries(labels).every(([key, wanted]) => String(v.labels[key]) === wanted));
  return sample?.value ?? 0;
}

describe('metrics seams', () => {
  it('counts sign-ins by the result kind and returns the result unchanged', async () => {
    const before = await value('runwatch_sign_ins_total', { outcome: 'locked' });
    const result = { kind: 'locked' as const, retryAfterMs: 30_000, firstRefusal: true };
    expect(metrics.signIn(result)).toBe(result);
    expect(await value('runwatch_sign_ins_total', { outcome: 'locked' })).toBe(before + 1);
  });

  it('counts events by source and result, leaving zero counts out', async () => {
    const inserted = await value('runwatch_events_ingested_total', { source: 'webhook', result: 'inserted' });
    const duplicate = await value('runwatch_events_ingested_total', { source: 'webhook', result: 'duplicate' });
    metrics.eventsIngested('webhook', { inserted: 3, duplicates: 1, skipped: 0 });
    expect(await value('runwatch_events_ingested_total', { source: 'webhook', result: 'inserted' })).toBe(inserted + 3);
    expect(await value('runwatch_events_ingested_total', { source: 'webhook', result: 'duplicate' })).toBe(duplicate + 1);
  });

  it('counts a failed upstream exchange by its kind and tells the upstream health', async () => {
    const origin = 'http://upstream-seam.test';
    const failure = Object.assign(new Error('refused'), { kind: 'network' });
    const before = await value('runwatch_upstream_calls_total', { route: 'GET /events', outcome: 'network' });
    metrics.upstreamFailed(origin, 'listEvents', performance.now(), failure);
    expect(await value('runwatch_upstream_calls_total', { route: 'GET /events', outcome: 'network' })).toBe(before + 1);
    expect(upstreamHealth(origin)).toMatchObject({ state: 'unreachable', lastAnswerAt: null, lastFailure: { kind: 'network' } });

    // An odd error (no short kind) is `error`, never its message.
    const odd = new Error('trun_secret went wrong');
    metrics.upstreamFailed(origin, 'listEvents', performance.now(), odd);
    const text = await metricsRegistry.metrics();
    expect(text).toContain('route="GET /events",outcome="error"');
    expect(text).not.toContain('trun_secret');
  });

  it('takes a 404 for an answer: the upstream is reachable and has no failure of its own', () => {
    const origin = 'http://upstream-404.test';
    noteUpstreamAnswer(origin, 'server', 1_000);
    expect(upstreamHealth(origin)).toMatchObject({ state: 'failing', lastFailure: { kind: 'server' } });
    noteUpstreamAnswer(origin, 'not_found', 2_000);
    expect(upstreamHealth(origin)).toEqual({ state: 'reachable', lastAnswerAt: new Date(2_000).toISOString(), lastFailure: null });
  });
});
