import type { Context } from 'hono';
import type { Freshness } from '@/contract/bff';
import type { CacheSource } from '../upstream/read-cache';
import { UpstreamError } from '../upstream/upstream-error';

/**
 * Says how fresh a response is, in the body (`freshness`) and in headers: `X-Cache` MISS (fetched
 * for this request), HIT (shared or reused) or STALE (the upstream failed; last good copy), with
 * `Age` in seconds for reused and stale copies. A stale copy says why (`staleReason`): the upstream
 * failed or could not be reached, the upstream rate-limited Runwatch, or Runwatch's own request
 * budget had no token free for this refresh.
 */
export function freshness(c: Context, read: FreshnessSource, now = Date.now()): Freshness {
  const described = describeFreshness(read, now);
  for (const [name, value] of described.headers) c.header(name, value);
  return described.body;
}

export type FreshnessSource = { fetchedAt: number; source: CacheSource; staleBecause?: unknown };

/** What `freshness` writes, as values: the body part and the headers, in the order it sets them. */
export function describeFreshness(read: FreshnessSource, now = Date.now()): { body: Freshness; headers: [string, string][] } {
  const ageMs = Math.max(0, now - read.fetchedAt);
  const headers: [string, string][] = [['X-Cache', read.source.toUpperCase()]];
  if (read.source !== 'miss') headers.push(['Age', String(Math.floor(ageMs / 1000))]);
  if (read.source === 'stale' && read.staleBecause instanceof UpstreamError) headers.push(['X-Stale-Reason', read.staleBecause.kind]);
  const body: Freshness = {
    stale: read.source === 'stale',
    fetchedAt: new Date(read.fetchedAt).toISOString(),
    ageSeconds: Math.round(ageMs / 100) / 10,
  };
  if (read.source === 'stale') body.staleReason = staleReasonOf(read.staleBecause);
  return { body, headers };
}

export function staleReasonOf(cause: unknown): NonNullable<Freshness['staleReason']> {
  if (cause instanceof UpstreamError) {
    if (cause.kind === 'rate_limited') return 'upstream_rate_limited';
    if (cause.kind === 'busy') return 'budget_exhausted';
  }
  return 'upstream_unavailable';
}
