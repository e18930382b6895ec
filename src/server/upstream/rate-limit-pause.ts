/**
 * Longest Runwatch waits after a 429 before asking the upstream again, whatever `Retry-After` says
 * (up to 300 s): the request budget's probe and the event catch-up both retry within it, so a
 * rate limit costs at most this long of staleness.
 */
export const MAX_RATE_LIMIT_PAUSE_MS = 30_000;
