import { QueryClient } from '@tanstack/react-query';
import type { RunResponse } from '@/contract/bff';
import { isValidId } from '@/contract/ids';
import { runQueries } from './run-queries';

/*
 * On a fresh load of a run page, the run's read starts as the document loads, alongside loading the
 * signed-in shell's and the page's chunks, rather than after them: the status shows a round trip
 * and a chunk evaluation sooner. This is for the document's own address only
 * (src/web/app/document-reads.ts); a later navigation finds the run cached, or starts its read as
 * the page mounts, which is as early.
 */

/** A read started as the document loaded, and its response once it is in. */
export interface EarlyRunRead {
  read: Promise<RunResponse>;
  settled?: RunResponse;
}
const earlyReads = new Map<string, EarlyRunRead>();

export function startEarlyRunRead(runId: string): void {
  if (!isValidId('run', runId)) return;
  const options = runQueries.detail(runId);
  // The detail query's own read (URL, schema, merge), against an empty cache: nothing to merge with yet.
  const read = Promise.resolve(
    options.queryFn!({ client: new QueryClient(), queryKey: options.queryKey, signal: new AbortController().signal, meta: undefined }),
  );
  const early: EarlyRunRead = { read };
  // The page's query reports a failure; this copy must not surface as an unhandled rejection. A
  // failed read is not kept for later: one refused before sign-in (401) would sign the person out
  // again when the page mounts after it.
  read.then(
    (response) => (early.settled = response),
    () => {
      if (earlyReads.get(runId) === early) earlyReads.delete(runId);
    },
  );
  earlyReads.set(runId, early);
}

/** The read started for `runId` as the document loaded, handed over once. */
export function takeEarlyRunRead(runId: string): EarlyRunRead | undefined {
  const read = earlyReads.get(runId);
  earlyReads.delete(runId);
  return read;
}
