import type { RunStatus } from '../../../../contract/run-status';
import { isTerminal } from '../../../../contract/run-status';

export type FreshnessState =
  | { kind: 'final' }
  | { kind: 'paused' }
  | { kind: 'reconnecting'; reason: 'offline' | 'failing' }
  | { kind: 'stale'; fetchedAt: string }
  | { kind: 'live'; fetchedAt: string };

export interface FreshnessInputs {
  status: RunStatus;
  /** The tab is hidden, so polling is paused. */
  hidden: boolean;
  /** The browser says it has no network. */
  offline: boolean;
  /** The last poll failed (we are showing older data). */
  lastPollFailed: boolean;
  /** The server answered from its store because the upstream could not be reached. */
  serverStale: boolean;
  fetchedAt: string;
}

/** Which one honest sentence describes how current the page is. Order matters: the first true one wins. */
export function deriveFreshness(inputs: FreshnessInputs): FreshnessState {
  if (isTerminal(inputs.status)) return { kind: 'final' };
  if (inputs.hidden) return { kind: 'paused' };
  if (inputs.offline) return { kind: 'reconnecting', reason: 'offline' };
  if (inputs.lastPollFailed) return { kind: 'reconnecting', reason: 'failing' };
  if (inputs.serverStale) return { kind: 'stale', fetchedAt: inputs.fetchedAt };
  return { kind: 'live', fetchedAt: inputs.fetchedAt };
}
