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

const X_CACHE: Record<CacheSource, string> = { miss: 'MISS', hit: 'HIT', stale: 'STALE' };

/**
 * Fetch times as ISO text, remembered: every viewer of a shared copy is told the same time, so it
 * is written once per copy rather than once per response. Bounded; starts over when full.
 */
const fetchedAtTexts = new Map<number, string>();
const MAX_FETCHED_AT_TEXTS = 1_024;

function fetchedAtText(fetchedAt: number): string {
  let text = fetchedAtTexts.get(fetchedAt);
  if (text === undefined) {
    text = new Date(fetchedAt).toISOString();
    if (fetchedAtTexts.size >= MAX_FETCHED_AT_TEXTS) fetchedAtTexts.clear();
    fetchedAtTexts.set(fetchedAt, text);
  }
  return text;
}

/** What `freshness` writes, as values: the body part and the headers, in the order it sets them. */
export function describeFreshness(read: FreshnessSource, now = Date.now()): { body: Freshness; headers: [string, string][] } {
  const ageMs = Math.max(0, now - read.fetchedAt);
  const headers: [string, string][] = [['X-Cache', X_CACHE[read.source]]];
  if (read.source !== 'miss') headers.push(['Age', String(Math.floor(ageMs / 1000))]);
  if (read.source === 'stale' && read.staleBecause instanceof UpstreamError) headers.push(['X-Stale-Reason', read.staleBecause.kind]);
  const body: Freshness = {
    stale: read.source === 'stale',
    fetchedAt: fetchedAtText(read.fetchedAt),
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
