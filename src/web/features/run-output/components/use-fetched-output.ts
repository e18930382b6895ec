import { useEffect, useState } from 'react';
import { PieceAssembler } from '../utils/json-pieces';
import type { JsonSearchResult } from '../utils/json-search-index';
import type { JsonSearchEngine } from '../utils/json-search-engine';
import { outputUrl, type OutputFailure } from '../utils/output-fetch';
import type { OutputWorkerRequest, OutputWorkerResponse } from '../utils/output-worker-messages';

export type FetchedOutputState =
  { status: 'loading' } | { status: 'ready'; value: unknown; search: () => Promise<JsonSearchEngine> } | { status: 'failed'; failure: OutputFailure };

/**
 * A run output too large for the run response, fetched, parsed and indexed by a worker (see
 * output-fetch.worker.ts): the page only receives it in small pieces and asks the same worker to
 * search it. A retry mounts the hook afresh.
 */
export function useFetchedOutput(runId: string): FetchedOutputState {
  const [state, setState] = useState<FetchedOutputState>({ status: 'loading' });

  useEffect(() => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('../workers/output-fetch.worker.ts', import.meta.url), { type: 'module', name: 'run-output' });
    } catch {
      queueMicrotask(() =>
        setState({
          status: 'failed',
          failure: { kind: 'unavailable', status: 0, message: 'This browser could not start the output reader.', requestId: null },
        }),
      );
      return;
    }
    const assembler = new PieceAssembler();
    const pending = new Map<number, { resolve: (result: JsonSearchResult) => void; reject: (error: Error) => void }>();
    let nextId = 1;
    const send = (request: OutputWorkerRequest) => worker.postMessage(request);
    const engine: JsonSearchEngine = {
      search: (query, limit) =>
        new Promise<JsonSearchResult>((resolve, reject) => {
          const id = nextId;
          nextId += 1;
          pending.set(id, { resolve, reject });
          send({ type: 'search', id, query, limit });
        }),
      // The worker belongs to this hook, which ends it; a closed search only drops its waiting answers.
      dispose: () => {
        for (const waiting of pending.values()) waiting.reject(new Error('The search was closed.'));
        pending.clear();
      },
    };
    const started = Promise.resolve(engine);

    worker.onmessage = (event: MessageEvent<OutputWorkerResponse>) => {
      const message = event.data;
      if (message.type === 'piece') {
        try {
          assembler.apply(message.piece);
        } catch (error) {
          worker.terminate();
          setState({
            status: 'failed',
            failure: { kind: 'invalid', status: 200, message: error instanceof Error ? error.message : String(error), requestId: null },
          });
        }
        return;
      }
      if (message.type === 'loaded') {
        setState({ status: 'ready', value: assembler.value, search: () => started });
        return;
      }
      if (message.type === 'failed') {
        setState({ status: 'failed', failure: message.failure });
        return;
      }
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.type === 'result') waiting.resolve(message.result);
      else waiting.reject(new Error(message.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const message = `The output reader stopped (${event.message || 'worker failed'}).`;
      for (const waiting of pending.values()) waiting.reject(new Error(message));
      pending.clear();
      setState((current) =>
        current.status === 'ready' ? current : { status: 'failed', failure: { kind: 'unavailable', status: 0, message, requestId: null } },
      );
    };
    send({ type: 'load', url: outputUrl(runId) });
    return () => {
      worker.terminate();
      engine.dispose();
    };
  }, [runId]);

  return state;
}
