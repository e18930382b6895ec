import type { Freshness } from '@/contract/bff';
import type { RunStatus } from '@/contract/run-status';
import { isTerminal } from '@/contract/run-status';

/** Why the server served its last copy instead of a fresh one (see `Freshness.staleReason`). */
export type StaleReason = NonNullable<Freshness['staleReason']>;

export type FreshnessState =
  | { kind: 'final' }
  | { kind: 'paused' }
  | { kind: 'reconnecting'; reason: 'offline' | 'failing' }
  | { kind: 'stale'; fetchedAt: string; reason: StaleReason | null }
  | { kind: 'live'; fetchedAt: string };

export interface FreshnessInputs {
  /** null: a status Runwatch does not recognise, which is never final. */
  status: RunStatus | null;
  /** The tab is hidden, so polling is paused. */
  hidden: boolean;
  /** The browser says it has no network. */
  offline: boolean;
  /** The last poll failed (we are showing older data). */
  lastPollFailed: boolean;
  /** The server answered from its store because the upstream could not be reached. */
  serverStale: boolean;
  /** The server's reason for a stale copy, when it gave one. */
  staleReason?: StaleReason | null;
  fetchedAt: string;
}

/** Which one honest sentence describes how current the page is. Order matters: the first true one wins. */
export function deriveFreshness(inputs: FreshnessInputs): FreshnessState {
  if (inputs.status !== null && isTerminal(inputs.status)) return { kind: 'final' };
  if (inputs.hidden) return { kind: 'paused' };
  if (inputs.offline) return { kind: 'reconnecting', reason: 'offline' };
  if (inputs.lastPollFailed) return { kind: 'reconnecting', reason: 'failing' };
  if (inputs.serverStale) return { kind: 'stale', fetchedAt: inputs.fetchedAt, reason: inputs.staleReason ?? null };
  return { kind: 'live', fetchedAt: inputs.fetchedAt };
}

/** Whether the page shows a copy it knows is not current, so nothing on it may look live. */
export function isOutdated(state: FreshnessState): boolean {
  return state.kind === 'stale' || state.kind === 'reconnecting';
}
