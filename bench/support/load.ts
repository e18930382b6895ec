/** What one load run measured. */
export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Mean response body size. */
  meanBytes: number;
  /** Every request's latency, in the order they finished (for merging runs). */
  latenciesMs: number[];
}

/**
 * A bounded closed-loop load generator: `concurrency` workers issue `total` requests in all, each
 * waiting for its previous answer. Loopback only; it never runs longer than `total` requests.
 * With `seconds`, no request starts once that long has passed (those under way finish), so a
 * round lasts about as long on a fast machine as on a slow one instead of shrinking to a blip.
 */
export async function runLoad(options: {
  total: number;
  concurrency: number;
  request: (i: number) => Promise<Response>;
  seconds?: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let bytes = 0;
  const started = performance.now();
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  const worker = async () => {
    while (next < options.total && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        const response = await options.request(i);
        bytes += (await response.arrayBuffer()).byteLength;
        if (!response.ok) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return summarize(latencies, errors, bytes, (performance.now() - started) / 1000);
}

/** One result for several runs against the same target (e.g. interleaved rounds). */
export function mergeLoads(results: LoadResult[]): LoadResult {
  const latencies = results.flatMap((r) => r.latenciesMs);
  const bytes = results.reduce((s, r) => s + r.meanBytes * r.requests, 0);
  return summarize(
    latencies,
    results.reduce((s, r) => s + r.errors, 0),
    bytes,
    results.reduce((s, r) => s + r.seconds, 0),
  );
}

function summarize(latenciesMs: number[], errors: number, bytes: number, seconds: number): LoadResult {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const count = Math.max(1, sorted.length);
  return {
    requests: sorted.length,
    errors,
    seconds,
    perSecond: sorted.length / seconds,
    meanMs: sorted.reduce((s, v) => s + v, 0) / count,
    p50Ms: pick(0.5),
    p95Ms: pick(0.95),
    p99Ms: pick(0.99),
    meanBytes: bytes / count,
    latenciesMs,
  };
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
