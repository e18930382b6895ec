import { format, inspect } from 'node:util';
import type { Aggregator, Metric, Registry, RegistryContentType } from 'prom-client';

/**
 * Counters and histograms for the hot read path, printed by a prom-client Registry exactly as
 * prom-client's own Counter and Histogram print them (same HELP, TYPE, label order, `le` bounds,
 * cumulative `_bucket` counts, `+Inf`, `_sum`, `_count`).
 *
 * prom-client re-validates and re-hashes the label object on every call and finds a histogram's
 * bucket by turning the bound into an object key. Here a series (one tuple of label values) is
 * found through nested Maps keyed by the values in label-name order, with no string built per
 * call, and its figures are plain numbers. Label names are checked in full the first time a
 * series is seen; later calls only count the object's keys, which catches an unknown name too,
 * since every declared name must be there for the series to be found.
 *
 * Labels print in the declared order. prom-client prints them in the key order of the object a
 * series was first seen with, which is the same wherever the caller writes them in declared order.
 *
 * A Registry only reads `name`, `help`, `type`, `aggregator`, `get()` / `getForPromString()` and
 * `reset()` of what it holds (prom-client's Registry), which is all these have.
 */

export interface FixedLabelMetricConfig<L extends string> {
  name: string;
  help: string;
  /** At least one: a metric without labels has a single series and gains nothing here. */
  labelNames: readonly L[];
  registers: Registry<RegistryContentType>[];
}

export interface FixedLabelHistogramConfig<L extends string> extends FixedLabelMetricConfig<L> {
  /** Upper bounds in increasing order; the `+Inf` bucket is implied. */
  buckets: readonly number[];
}

type LabelValues<L extends string> = Readonly<Record<L, string>>;

/** One sample as prom-client's Registry formats it (its getMetricsAsString). */
interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
  sharedLabels?: Readonly<Record<string, string>>;
  exemplar?: null;
}

interface MetricSnapshot {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: Sample[];
  aggregator: Aggregator;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Series by label values, kept in first-seen order (the order prom-client prints them in). */
class SeriesTable<L extends string, S extends { labels: LabelValues<L> }> {
  private root = new Map<string, unknown>();
  private list: S[] = [];

  constructor(
    private readonly metricName: string,
    private readonly labelNames: readonly L[],
    private readonly create: (labels: LabelValues<L>) => S,
  ) {}

  find(labels: LabelValues<L>): S {
    if (labels === null || typeof labels !== 'object') return this.add(labels);
    const names = this.labelNames;
    const last = names.length - 1;
    let node = this.root;
    for (let i = 0; i < last; i++) {
      const next = node.get(labels[names[i]!]) as Map<string, unknown> | undefined;
      if (next === undefined) return this.add(labels);
      node = next;
    }
    const series = node.get(labels[names[last]!]) as S | undefined;
    if (series === undefined || keyCount(labels) !== names.length) return this.add(labels);
    return series;
  }

  all(): readonly S[] {
    return this.list;
  }

  clear(): void {
    this.root = new Map();
    this.list = [];
  }

  /** A series not seen yet, or a call with a name that is not declared: checked in full here. */
  private add(labels: LabelValues<L>): S {
    if (labels === null || typeof labels !== 'object') {
      throw new TypeError(`${this.metricName} needs its labels as an object: ${inspect(labels)}`);
    }
    for (const name in labels) {
      if (!this.labelNames.includes(name as L)) {
        // prom-client's own wording, so either implementation fails alike.
        throw new Error(`Added label "${name}" is not included in initial labelset: ${inspect(this.labelNames)}`);
      }
    }
    const values: Record<string, string> = {};
    for (const name of this.labelNames) {
      const value: unknown = labels[name];
      if (typeof value !== 'string') {
        throw new TypeError(`${this.metricName} needs a string for label "${name}", got ${inspect(value)}`);
      }
      values[name] = value;
    }
    let node = this.root;
    for (let i = 0; i < this.labelNames.length - 1; i++) {
      const value = values[this.labelNames[i]!]!;
      let next = node.get(value) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    const lastValue = values[this.labelNames[this.labelNames.length - 1]!]!;
    const existing = node.get(lastValue) as S | undefined;
    if (existing !== undefined) return existing;
    const series = this.create(Object.freeze(values) as LabelValues<L>);
    node.set(lastValue, series);
    this.list.push(series);
    return series;
  }
}

function keyCount(labels: object): number {
  let count = 0;
  // for…in like prom-client's validateLabel, so the same keys count.
  for (const _ in labels) count++;
  return count;
}

function checkConfig<L extends string>(config: FixedLabelMetricConfig<L>): void {
  if (!METRIC_NAME.test(config.name)) throw new Error(`Invalid metric name: ${inspect(config.name)}`);
  if (!config.help) throw new Error(`${config.name} needs a help text`);
  if (config.labelNames.length === 0) throw new Error(`${config.name} needs at least one label name`);
  const unique = new Set(config.labelNames);
  if (unique.size !== config.labelNames.length || !config.labelNames.every((name) => LABEL_NAME.test(name))) {
    throw new Error(`${config.name} has an invalid or repeated label name: ${inspect(config.labelNames)}`);
  }
}

/** The Registry's parameter type names prom-client's classes; at run time it reads only what is listed above. */
function register(metric: FixedLabelCounter<string> | FixedLabelHistogram<string>, registers: Registry<RegistryContentType>[]): void {
  for (const registry of registers) registry.registerMetric(metric as unknown as Metric);
}

interface CounterSeries<L extends string> {
  labels: LabelValues<L>;
  value: number;
}

export class FixedLabelCounter<L extends string> {
  name: string;
  readonly help: string;
  readonly type = 'counter' as const;
  readonly aggregator: Aggregator = 'sum';
  readonly labelNames: readonly L[];
  private readonly series: SeriesTable<L, CounterSeries<L>>;

  constructor(config: FixedLabelMetricConfig<L>) {
    checkConfig(config);
    this.name = config.name;
    this.help = config.help;
    this.labelNames = [...config.labelNames];
    this.series = new SeriesTable(config.name, this.labelNames, (labels) => ({ labels, value: 0 }));
    register(this, config.registers);
  }

  inc(labels: LabelValues<L>, amount = 1): void {
    if (typeof amount !== 'number' || !Number.isFinite(amount)) throw new TypeError(`Value is not a valid number: ${format(amount)}`);
    if (amount < 0) throw new Error('It is not possible to decrease a counter');
    this.series.find(labels).value += amount;
  }

  async get(): Promise<MetricSnapshot> {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values: this.series.all().map((series) => ({ value: series.value, labels: series.labels })),
      aggregator: this.aggregator,
    };
  }

  reset(): void {
    this.series.clear();
  }
}

interface HistogramSeries<L extends string> {
  labels: LabelValues<L>;
  /** Observations per bound, not cumulative; those above the last bound are only in `count`. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

export class FixedLabelHistogram<L extends string> {
  name: string;
  readonly help: string;
  readonly type = 'histogram' as const;
  readonly aggregator: Aggregator = 'sum';
  readonly labelNames: readonly L[];
  readonly upperBounds: readonly number[];
  private readonly series: SeriesTable<L, HistogramSeries<L>>;

  constructor(config: FixedLabelHistogramConfig<L>) {
    checkConfig(config);
    const bounds = config.buckets;
    if (bounds.length === 0 || !bounds.every((bound, i) => Number.isFinite(bound) && (i === 0 || bound > bounds[i - 1]!))) {
      throw new Error(`${config.name} needs finite bucket bounds in increasing order: ${inspect(bounds)}`);
    }
    if ((config.labelNames as readonly string[]).includes('le')) throw new Error('le is a reserved label keyword');
    this.name = config.name;
    this.help = config.help;
    this.labelNames = [...config.labelNames];
    this.upperBounds = Object.freeze([...bounds]);
    this.series = new SeriesTable(config.name, this.labelNames, (labels) => ({ labels, buckets: new Float64Array(bounds.length), sum: 0, count: 0 }));
    register(this, config.registers);
  }

  observe(labels: LabelValues<L>, value: number): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${format(value)}`);
    const series = this.series.find(labels);
    const bounds = this.upperBounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        series.buckets[i]!++;
        break;
      }
    }
    series.sum += value;
    series.count += 1;
  }

  /** The shape prom-client's Histogram hands the Registry for the text format: `le` first, then the series labels. */
  async getForPromString(): Promise<MetricSnapshot> {
    const bucketName = `${this.name}_bucket`;
    const values: Sample[] = [];
    for (const series of this.series.all()) {
      const shared = series.labels;
      let cumulative = 0;
      for (let i = 0; i < this.upperBounds.length; i++) {
        cumulative += series.buckets[i]!;
        values.push({ labels: { le: this.upperBounds[i]! }, sharedLabels: shared, value: cumulative, metricName: bucketName, exemplar: null });
      }
      values.push(
        { labels: { le: '+Inf' }, sharedLabels: shared, value: series.count, metricName: bucketName, exemplar: null },
        { labels: {}, sharedLabels: shared, value: series.sum, metricName: `${this.name}_sum`, exemplar: undefined },
        { labels: {}, sharedLabels: shared, value: series.count, metricName: `${this.name}_count`, exemplar: undefined },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** As prom-client's Histogram.get(): the series labels merged into each sample's own. */
  async get(): Promise<MetricSnapshot> {
    const snapshot = await this.getForPromString();
    snapshot.values = snapshot.values.map(({ sharedLabels, labels, ...sample }) => ({ ...sample, labels: { ...labels, ...sharedLabels } }));
    return snapshot;
  }

  reset(): void {
    this.series.clear();
  }
}
