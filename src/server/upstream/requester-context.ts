/**
 * Who the upstream calls made while answering a request are for: a key per signed-in session,
 * carried through the run reader and its cache to the upstream client's request budget, which
 * gives each requester a share of its own. Calls made outside a request (start-up checks,
 * background upkeep) have none.
 *
 * The requester is set only while `work` runs up to its first await: every entry point that calls
 * the upstream after an await (the run reader, the screenshot feed, the client's run lookup) takes
 * it with `currentRequester()` as it is called and passes it on in the call's options. An
 * AsyncLocalStorage would carry it across awaits by itself, but on Node 20 it turns on promise
 * hooks for every promise in the process, which cost each run read a share of its CPU.
 */
let current: string | null = null;

/** Runs `work` with upstream calls attributed to `requester` (null: to nobody in particular). */
export function runForRequester<T>(requester: string | null, work: () => T): T {
  if (requester === null) return work();
  const outer = current;
  current = requester;
  try {
    return work();
  } finally {
    current = outer;
  }
}

/** The requester of the code running now; only meaningful before that code's first await. */
export function currentRequester(): string | null {
  return current;
}

/** A call's requester: the one it was given (null included), else the caller's. */
export function requesterOf(given: string | null | undefined): string | null {
  return given === undefined ? current : given;
}
