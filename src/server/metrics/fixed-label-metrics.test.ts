import { Counter, Histogram, Registry, type RegistryContentType } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FixedLabelCounter, FixedLabelHistogram } from './fixed-label-metrics';

/**
 * The same observations go to prom-client's Counter/Histogram in one Registry and to the fixed-label
 * ones in another; what each Registry prints (and hands out as JSON) must be the same, byte for byte.
 */

const BOUNDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

type HttpLabels = { method: string; route: string; status: string };

/** Several series (one with values that need escaping), values on bounds, between them, above the last, zero, negative. */
const OBSERVATIONS: [HttpLabels, number][] = [
  [{ method: 'GET', route: '/api/runs/:runId', status: '2xx' }, 0],
  [{ method: 'GET', route: '/api/runs/:runId', status: '2xx' }, 0.001],
  [{ method: 'GET', route: '/api/runs/:runId', status: '2xx' }, 0.0010000001],
  [{ method: 'POST', route: '/api/runs/:runId/cancel', status: '4xx' }, 15],
  [{ method: 'POST', route: '/api/runs/:runId/cancel', status: '4xx' }, 15.000001],
  [{ method: 'GET', route: '/api/runs/:runId', status: '2xx' }, 0.1 + 0.2],
  [{ method: 'GET', route: '(static)', status: '3xx' }, 120],
  [{ method: 'GET', route: '/api/runs/:runId', status: '5xx' }, 2.5],
  [{ method: 'GET', route: 'odd "quoted" \\ path\nline', status: '2xx' }, 0.025],
  [{ method: 'GET', route: '/api/runs/:runId', status: '2xx' }, 10],
  [{ method: 'GET', route: '(static)', status: '3xx' }, -0.5],
  [{ method: 'GET', route: '/api/runs/:runId', status: '2xx' }, 0.3333333333333333],
  [{ method: 'GET', route: '/api/runs/:runId', status: '5xx' }, 0.00049],
];

type CacheLabels = { cache: string; result: string };

const INCREMENTS: [CacheLabels, number | undefined][] = [
  [{ cache: 'runs', result: 'hit' }, undefined],
  [{ cache: 'runs', result: 'miss' }, undefined],
  [{ cache: 'runs', result: 'hit' }, undefined],
  [{ cache: 'screenshots', result: 'coalesced' }, 2.5],
  [{ cache: 'runs', result: 'failure_hit' }, 0],
  [{ cache: 'runs', result: 'hit' }, 3],
  [{ cache: 'a\\b"c', result: 'hit' }, undefined],
];

function promClientPair(registry: Registry) {
  const histogram = new Histogram({
    name: 'test_request_seconds',
    help: 'Time to answer a request, by method, route and "status" class \\ with odd help.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: BOUNDS,
    registers: [registry],
  });
  const counter = new Counter({ name: 'test_cache_reads_total', help: 'Cache reads.', labelNames: ['cache', 'result'] as const, registers: [registry] });
  return { histogram, counter };
}

function fixedLabelPair(registry: Registry) {
  const histogram = new FixedLabelHistogram({
    name: 'test_request_seconds',
    help: 'Time to answer a request, by method, route and "status" class \\ with odd help.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: BOUNDS,
    registers: [registry],
  });
  const counter = new FixedLabelCounter({
    name: 'test_cache_reads_total',
    help: 'Cache reads.',
    labelNames: ['cache', 'result'] as const,
    registers: [registry],
  });
  return { histogram, counter };
}

function feed(pair: { histogram: { observe(labels: HttpLabels, value: number): void }; counter: { inc(labels: CacheLabels, value?: number): void } }): void {
  for (const [labels, value] of OBSERVATIONS) pair.histogram.observe({ ...labels }, value);
  for (const [labels, value] of INCREMENTS) {
    if (value === undefined) pair.counter.inc({ ...labels });
    else pair.counter.inc({ ...labels }, value);
  }
}

function setUp(openMetrics = false) {
  const registry = () => {
    const made = new Registry();
    // The type binds a registry to the format it was made with; this one is switched once, before use.
    if (openMetrics) (made as Registry<RegistryContentType>).setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    return made;
  };
  const reference = registry();
  const candidate = registry();
  const referencePair = promClientPair(reference);
  const candidatePair = fixedLabelPair(candidate);
  return { reference, candidate, referencePair, candidatePair };
}

describe('fixed-label metrics against prom-client', () => {
  it('print the same Prometheus text for the same observations', async () => {
    const { reference, candidate, referencePair, candidatePair } = setUp();
    feed(referencePair);
    feed(candidatePair);
    const text = await candidate.metrics();
    expect(text).toBe(await reference.metrics());
    // The comparison is not of two empty outputs: the figures are there.
    expect(text).toContain('test_request_seconds_bucket{le="0.001",method="GET",route="/api/runs/:runId",status="2xx"} 2');
    expect(text).toContain('test_request_seconds_bucket{le="+Inf",method="POST",route="/api/runs/:runId/cancel",status="4xx"} 2');
    expect(text).toContain('test_cache_reads_total{cache="runs",result="hit"} 5');
  });

  it('print the same text when fed twice, after a reset, and when nothing was observed', async () => {
    const { reference, candidate, referencePair, candidatePair } = setUp();
    expect(await candidate.metrics()).toBe(await reference.metrics());
    feed(referencePair);
    feed(candidatePair);
    feed(referencePair);
    feed(candidatePair);
    expect(await candidate.metrics()).toBe(await reference.metrics());
    reference.resetMetrics();
    candidate.resetMetrics();
    expect(await candidate.metrics()).toBe(await reference.metrics());
    referencePair.histogram.observe({ method: 'GET', route: '/late', status: '2xx' }, 0.05);
    candidatePair.histogram.observe({ method: 'GET', route: '/late', status: '2xx' }, 0.05);
    expect(await candidate.metrics()).toBe(await reference.metrics());
  });

  it('hand out the same JSON samples (get and getMetricsAsJSON)', async () => {
    const { reference, candidate, referencePair, candidatePair } = setUp();
    feed(referencePair);
    feed(candidatePair);
    expect(await candidate.getMetricsAsJSON()).toEqual(await reference.getMetricsAsJSON());
    expect(await candidatePair.histogram.get()).toEqual(await referencePair.histogram.get());
    expect(await candidatePair.counter.get()).toEqual(await referencePair.counter.get());
  });

  it('print the same text in a merged registry, with default labels, and in the OpenMetrics format', async () => {
    const { reference, candidate, referencePair, candidatePair } = setUp();
    feed(referencePair);
    feed(candidatePair);
    const others = () => {
      const registry = new Registry();
      new Counter({ name: 'test_other_total', help: 'Another family.', registers: [registry] }).inc();
      return registry;
    };
    expect(await Registry.merge([candidate, others()]).metrics()).toBe(await Registry.merge([reference, others()]).metrics());
    reference.setDefaultLabels({ instance: 'a' });
    candidate.setDefaultLabels({ instance: 'a' });
    expect(await candidate.metrics()).toBe(await reference.metrics());

    const open = setUp(true);
    feed(open.referencePair);
    feed(open.candidatePair);
    const openText = await open.candidate.metrics();
    expect(openText).toBe(await open.reference.metrics());
    expect(openText).toContain('# TYPE test_cache_reads counter');
  });
});

describe('fixed-label metrics refuse bad input as prom-client does, and lose nothing', () => {
  it('refuse a label name that was not declared, on a new series and on a known one', async () => {
    const { candidate, referencePair, candidatePair } = setUp();
    feed(referencePair);
    feed(candidatePair);
    const before = await candidate.metrics();
    const unknown = { cache: 'runs', result: 'hit', region: 'eu' };
    const promClientRefusal = (() => {
      try {
        referencePair.counter.inc(unknown);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('prom-client took an undeclared label');
    })();
    expect(promClientRefusal).toContain('region');
    // `runs`/`hit` is a known series: the undeclared name is still caught.
    expect(() => candidatePair.counter.inc(unknown as CacheLabels)).toThrow(promClientRefusal);
    expect(() => candidatePair.counter.inc({ cache: 'new', result: 'hit', region: 'eu' } as CacheLabels)).toThrow(promClientRefusal);
    expect(() => candidatePair.histogram.observe({ method: 'GET', route: '/api/runs/:runId', status: '2xx', le: '1' } as HttpLabels, 1)).toThrow(
      /Added label "le" is not included in initial labelset/,
    );
    expect(await candidate.metrics()).toBe(before);
  });

  it('refuse a missing or non-string label value, a value that is not a finite number, and a counter going down', async () => {
    const { candidate, candidatePair } = setUp();
    feed(candidatePair);
    const before = await candidate.metrics();
    const { histogram, counter } = candidatePair;
    expect(() => histogram.observe({ method: 'GET', route: '/x' } as HttpLabels, 1)).toThrow(/label "status", got undefined/);
    expect(() => histogram.observe({ method: 'GET', route: '/x', status: 200 } as unknown as HttpLabels, 1)).toThrow(/label "status", got 200/);
    expect(() => histogram.observe(null as unknown as HttpLabels, 1)).toThrow(/labels as an object/);
    expect(() => histogram.observe({ method: 'GET', route: '/api/runs/:runId', status: '2xx' }, Number.NaN)).toThrow('Value is not a valid number: NaN');
    expect(() => histogram.observe({ method: 'GET', route: '/api/runs/:runId', status: '2xx' }, Infinity)).toThrow('Value is not a valid number: Infinity');
    expect(() => counter.inc({ cache: 'runs', result: 'hit' }, -1)).toThrow('It is not possible to decrease a counter');
    expect(() => counter.inc({ cache: 'runs', result: 'hit' }, Number.NaN)).toThrow('Value is not a valid number: NaN');
    expect(await candidate.metrics()).toBe(before);
  });

  it('refuse a bad definition', () => {
    const registers: Registry[] = [];
    expect(() => new FixedLabelCounter({ name: 'bad name', help: 'x', labelNames: ['a'], registers })).toThrow(/Invalid metric name/);
    expect(() => new FixedLabelCounter({ name: 'no_labels_total', help: 'x', labelNames: [], registers })).toThrow(/at least one label name/);
    expect(() => new FixedLabelCounter({ name: 'twice_total', help: 'x', labelNames: ['a', 'a'], registers })).toThrow(/repeated label name/);
    expect(() => new FixedLabelCounter({ name: 'no_help_total', help: '', labelNames: ['a'], registers })).toThrow(/help text/);
    expect(() => new FixedLabelHistogram({ name: 'h', help: 'x', labelNames: ['le'], buckets: [1], registers })).toThrow('le is a reserved label keyword');
    expect(() => new FixedLabelHistogram({ name: 'h', help: 'x', labelNames: ['a'], buckets: [1, 0.5], registers })).toThrow(/increasing order/);
    expect(() => new FixedLabelHistogram({ name: 'h', help: 'x', labelNames: ['a'], buckets: [], registers })).toThrow(/increasing order/);
    const registry = new Registry();
    new FixedLabelCounter({ name: 'taken_total', help: 'x', labelNames: ['a'], registers: [registry] });
    expect(() => new FixedLabelCounter({ name: 'taken_total', help: 'x', labelNames: ['a'], registers: [registry] })).toThrow(/already been registered/);
  });
});
