/**
 * What the last upstream exchanges said about the upstream, for `/readyz`: learnt from the calls
 * Runwatch makes anyway (fed by the upstream-call seam in metrics.ts), so a health probe never
 * spends the upstream's rate limit. Kept per upstream origin (a process has one; tests start many).
 */

export type UpstreamState =
  /** No exchange finished yet. */
  | 'unknown'
  /** The upstream answered (a 404 or a refused request is an answer too). */
  | 'reachable'
  /** Connection refused or reset, or no answer in time. */
  | 'unreachable'
  /** It answered with 5xx. */
  | 'failing'
  /** It refused the configured key. */
  | 'key_refused'
  | 'rate_limited';

export interface UpstreamHealth {
  state: UpstreamState;
  /** When the upstream last answered anything (ISO 8601). */
  lastAnswerAt: string | null;
  /** The newest failure of the upstream itself and when it happened; null once it answers again. */
  lastFailure: { kind: string; at: string } | null;
}

interface Tracked {
  state: UpstreamState;
  lastAnswerAt: number | null;
  lastFailure: { kind: string; at: number } | null;
}

/** More origins than this is a test process; the oldest are forgotten. */
const MAX_ORIGINS = 64;
const tracked = new Map<string, Tracked>();

function stateOf(failureKind: string | null): UpstreamState {
  switch (failureKind) {
    case null:
      return 'reachable';
    case 'network':
    case 'timeout':
      return 'unreachable';
    case 'server':
      return 'failing';
    case 'auth':
      return 'key_refused';
    case 'rate_limited':
      return 'rate_limited';
    default:
      return 'reachable';
  }
}

/** One exchange with the upstream at `origin` ended: `failureKind` null when it went well. */
export function noteUpstreamAnswer(origin: string, failureKind: string | null, now = Date.now()): void {
  let entry = tracked.get(origin);
  if (!entry) {
    entry = { state: 'unknown', lastAnswerAt: null, lastFailure: null };
    tracked.set(origin, entry);
    if (tracked.size > MAX_ORIGINS) tracked.delete(tracked.keys().next().value as string);
  }
  const state = stateOf(failureKind);
  entry.state = state;
  if (state !== 'unreachable') entry.lastAnswerAt = now;
  // A 404 or a refused request says the upstream is fine; only the other kinds are failures of it.
  entry.lastFailure = state === 'reachable' || failureKind === null ? null : { kind: failureKind, at: now };
}

export function upstreamHealth(origin: string): UpstreamHealth {
  const entry = tracked.get(origin);
  if (!entry) return { state: 'unknown', lastAnswerAt: null, lastFailure: null };
  return {
    state: entry.state,
    lastAnswerAt: entry.lastAnswerAt === null ? null : new Date(entry.lastAnswerAt).toISOString(),
    lastFailure: entry.lastFailure && { kind: entry.lastFailure.kind, at: new Date(entry.lastFailure.at).toISOString() },
  };
}
