import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who the upstream calls made while answering a request are for: a key per signed-in session,
 * carried through the run reader and its cache to the upstream client's request budget, which
 * gives each requester a share of its own. Calls made outside a request (start-up checks) have none.
 */
const requesterStorage = new AsyncLocalStorage<string>();

/** Runs `work` with upstream calls attributed to `requester` (null: to nobody in particular). */
export function runForRequester<T>(requester: string | null, work: () => T): T {
  return requester === null ? work() : requesterStorage.run(requester, work);
}

export function currentRequester(): string | null {
  return requesterStorage.getStore() ?? null;
}
