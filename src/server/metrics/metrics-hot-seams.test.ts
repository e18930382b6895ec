import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metrics, metricsRegistry } from './metrics';

/**
 * The seams a run read moves (HTTP latency, cache reads, upstream calls) print in `metricsRegistry`
 * what prom-client's Counter and Histogram print for the same figures: each family's HELP and TYPE,
 * and every line of the series moved here, compared with a prom-client registry fed the same values.
 */

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

/** The block of one family in a text exposition: its HELP, TYPE and samples. */
function family(text: string, name: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(lines.find((line) => line.startsWith(`# HELP ${name} `)) ?? '');
  expect(start, `family ${name}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start + 1 && (line === '' || line.startsWith('# HELP ')));
  return lines.slice(start, end === -1 ? undefined : end);
}

/** HELP and TYPE, plus the sample lines that carry `marker` (the series this file moved). */
function seriesOf(text: string, name: string, marker: string): string[] {
  const [help, type, ...samples] = family(text, name);
  return [help!, type!, ...samples.filter((line) => line.includes(marker))];
}

function sampleValue(text: string, line: string): number {
  const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}

describe('the hot metric seams', () => {
  it('print HTTP latency as a prom-client Histogram would: bounds, values on them, zero, above the last', async () => {
    const route = '/seam-check/:id';
    const reference = new Registry();
    const histogram = new Histogram({
      name: 'runwatch_http_request_duration_seconds',
      help: 'Time to answer a request to Runwatch, by method, route pattern and status class.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [reference],
    });
    const requests: [string, number, number][] = [
      ['GET', 200, 0],
      ['GET', 204, 0.005],
      ['GET', 299, 0.0051],
      ['POST', 503, 20],
      ['GET', 404, 15],
      ['GET', 200, 0.1 + 0.2],
    ];
    for (const [method, status, seconds] of requests) {
      metrics.httpRequest(method, route, status, seconds);
      histogram.observe({ method, route, status: `${Math.floor(status / 100)}xx` }, seconds);
    }
    const name = 'runwatch_http_request_duration_seconds';
    const printed = seriesOf(await metricsRegistry.metrics(), name, `route="${route}"`);
    expect(printed).toEqual(seriesOf(await reference.metrics(), name, `route="${route}"`));
    expect(printed).toContain(`${name}_bucket{le="0.005",method="GET",route="${route}",status="2xx"} 2`);
    expect(printed).toContain(`${name}_bucket{le="+Inf",method="POST",route="${route}",status="5xx"} 1`);
    expect(printed).toContain(`${name}_count{method="GET",route="${route}",status="4xx"} 1`);
  });

  it('print cache reads as a prom-client Counter would', async () => {
    const reference = new Registry();
    const counter = new Counter({
      name: 'runwatch_read_cache_reads_total',
      help: 'Reads of the upstream read caches: hit (fresh copy), coalesced (joined a fetch under way), failure_hit (a remembered failure), miss (fetched).',
      labelNames: ['cache', 'result'] as const,
      registers: [reference],
    });
    const reads = ['miss', 'hit', 'hit', 'coalesced', 'failure_hit', 'hit'] as const;
    for (const result of reads) {
      metrics.cacheRead('seam-check', result);
      counter.inc({ cache: 'seam-check', result });
    }
    const name = 'runwatch_read_cache_reads_total';
    const printed = seriesOf(await metricsRegistry.metrics(), name, 'cache="seam-check"');
    expect(printed).toEqual(seriesOf(await reference.metrics(), name, 'cache="seam-check"'));
    expect(printed).toContain(`${name}{cache="seam-check",result="hit"} 3`);
  });

  it('count and time upstream calls by route and outcome, every bucket bound printed and cumulative', async () => {
    const origin = 'http://upstream-hot-seams.test';
    const before = await metricsRegistry.metrics();
    const calls = 'runwatch_upstream_calls_total';
    const timed = 'runwatch_upstream_call_duration_seconds';
    const okLine = `${calls}{route="GET /task-runs/{id}/screenshots",outcome="ok"}`;
    const timeoutLine = `${calls}{route="GET /task-runs/{id}/screenshots",outcome="timeout"}`;
    const countLine = `${timed}_count{route="GET /task-runs/{id}/screenshots"}`;

    metrics.upstreamAnswered(origin, 'runScreenshots', performance.now());
    const failure = Object.assign(new Error('slow'), { kind: 'timeout' });
    metrics.upstreamFailed(origin, 'runScreenshots', performance.now(), failure);

    const after = await metricsRegistry.metrics();
    expect(sampleValue(after, okLine) - sampleValue(before, okLine)).toBe(1);
    expect(sampleValue(after, timeoutLine) - sampleValue(before, timeoutLine)).toBe(1);
    expect(sampleValue(after, countLine) - sampleValue(before, countLine)).toBe(2);

    const [help, type, ...samples] = family(after, timed);
    expect(help).toBe(`# HELP ${timed} Time of one upstream HTTP exchange, by upstream route.`);
    expect(type).toBe(`# TYPE ${timed} histogram`);
    const buckets = samples.filter((line) => line.startsWith(`${timed}_bucket{`) && line.includes('route="GET /task-runs/{id}/screenshots"'));
    expect(buckets.map((line) => /le="([^"]+)"/.exec(line)?.[1])).toEqual([...LATENCY_BUCKETS.map(String), '+Inf']);
    const counts = buckets.map((line) => Number(line.split(' ').at(-1)));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(sampleValue(after, countLine));
    expect(sampleValue(after, `${timed}_sum{route="GET /task-runs/{id}/screenshots"}`)).toBeGreaterThanOrEqual(0);
  });

  it('keeps the families in the order they were always printed in', async () => {
    const text = await metricsRegistry.metrics();
    const families = text
      .split('\n')
      .filter((line) => line.startsWith('# TYPE runwatch_'))
      .map((line) => line.split(' ').slice(2).join(' '));
    expect(families).toEqual([
      'runwatch_upstream_calls_total counter',
      'runwatch_upstream_call_duration_seconds histogram',
      'runwatch_budget_wait_seconds histogram',
      'runwatch_read_cache_reads_total counter',
      'runwatch_events_ingested_total counter',
      'runwatch_webhook_deliveries_total counter',
      'runwatch_event_catch_up_passes_total counter',
      'runwatch_sign_ins_total counter',
      'runwatch_http_request_duration_seconds histogram',
    ]);
  });
});
