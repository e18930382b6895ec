import { QueryClient } from '@tanstack/react-query';
import { sessionQueries, type CurrentSession } from './session-queries';

/*
 * On a fresh load of a run page, the session read starts as the document loads, with the run's,
 * rather than when the signed-in shell mounts. The shell takes it over: when its answer is in by
 * then, the shell shows the page in its first render instead of a sign-in check first; otherwise
 * the shell's query joins it, so the session is still read once. This is for the document's
 * own address only (src/web/app/document-reads.ts): later navigations find the session cached.
 */

/** A session read started as the document loaded, and its answer once it is in. */
export interface EarlySessionRead {
  read: Promise<CurrentSession>;
  settled?: { session: CurrentSession; at: number };
}
let early: EarlySessionRead | undefined;

export function startEarlySessionRead(): void {
  const options = sessionQueries.current();
  // The session query's own read, against an empty cache.
  const read = Promise.resolve(
    options.queryFn!({ client: new QueryClient(), queryKey: options.queryKey, signal: new AbortController().signal, meta: undefined }),
  );
  const started: EarlySessionRead = { read };
  // The shell's query reports a failure; this copy must not surface as an unhandled rejection.
  read.then((session) => (started.settled = { session, at: Date.now() })).catch(() => undefined);
  early = started;
}

/** The session read started as the document loaded, handed over once. */
export function takeEarlySessionRead(): EarlySessionRead | undefined {
  const taken = early;
  early = undefined;
  return taken;
}
