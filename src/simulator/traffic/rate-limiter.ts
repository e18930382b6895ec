export interface RateLimit {
  max: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { max: 200, windowMs: 10_000 };

/**
 * Rolling-window limiter over real time (the upstream's 200 requests / 10 s per organization).
 * Rejected requests do not count, so a client that backs off gets through again.
 */
export class RateLimiter {
  private hits: number[] = [];

  constructor(private limit: RateLimit | false) {}

  configure(limit: RateLimit | false): void {
    this.limit = limit;
    this.hits = [];
  }

  current(): RateLimit | false {
    return this.limit;
  }

  tryAcquire(now: number = performance.now()): boolean {
    if (this.limit === false) return true;
    const windowStart = now - this.limit.windowMs;
    while (this.hits.length > 0 && (this.hits[0] ?? 0) <= windowStart) this.hits.shift();
    if (this.hits.length >= this.limit.max) return false;
    this.hits.push(now);
    return true;
  }
}
