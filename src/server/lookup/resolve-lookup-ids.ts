import { MAX_UPSTREAM_READS_PER_LOOKUP, type LookupAnswer, type LookupRun } from '@/contract/lookup';
import type { PastedId } from '@/contract/paste-ids';
import type { EventStore, RunIndexFilter, RunIndexSnapshot } from '../store/event-store';
import type { ObservationStore } from '../store/observation-store';
import { UpstreamError } from '../upstream/upstream-error';

export interface LookupResolverDeps {
  observations: ObservationStore;
  /** The run index and the request ids of the upstream's event log; without it only Runwatch's own requests are known. */
  events?: EventStore;
  /** One budgeted upstream read of a run; throws UpstreamError (`not_found` for a run that does not exist). */
  readRun: (runId: string) => Promise<LookupRun>;
}

/**
 * What Runwatch knows of each id, in the order given. Served from its own stores; only a run id
 * the index does not hold costs an upstream read, at most MAX_UPSTREAM_READS_PER_LOOKUP per call.
 */
export async function resolveLookupIds(ids: readonly PastedId[], deps: LookupResolverDeps): Promise<LookupAnswer[]> {
  const local = await Promise.all(ids.map((entry) => resolveLocally(entry, deps)));
  let readsLeft = MAX_UPSTREAM_READS_PER_LOOKUP;
  return Promise.all(
    local.map((answer) => {
      if (answer.kind !== 'run' || answer.outcome !== 'unknown') return answer;
      if (readsLeft === 0) return { ...answer, outcome: 'unchecked' as const };
      readsLeft -= 1;
      return readFromUpstream(answer, deps);
    }),
  );
}

function blank(entry: PastedId): LookupAnswer {
  return { id: entry.id, kind: entry.kind, outcome: 'unknown', source: null, runId: null, run: null, runCount: null, observedAt: null };
}

async function resolveLocally(entry: PastedId, deps: LookupResolverDeps): Promise<LookupAnswer> {
  const answer = blank(entry);
  switch (entry.kind) {
    case 'run': {
      const indexed = await deps.events?.getRun(entry.id);
      return indexed ? { ...answer, outcome: 'found', source: 'run_index', runId: entry.id, run: lookupRunOf(indexed) } : answer;
    }
    case 'request': {
      const observed = await deps.observations.lookupRequest(entry.id);
      const fromEvents = observed ? null : await deps.events?.lookupRequest(entry.id);
      const hit = observed
        ? { runId: observed.runId, at: observed.observedAt, source: 'runwatch' as const }
        : fromEvents
          ? { runId: fromEvents.runId, at: fromEvents.at, source: 'event_log' as const }
          : null;
      if (!hit) return answer;
      const indexed = await deps.events?.getRun(hit.runId);
      return {
        ...answer,
        outcome: 'found',
        source: hit.source,
        observedAt: hit.at,
        runId: hit.runId,
        run: indexed ? lookupRunOf(indexed) : null,
      };
    }
    case 'task':
    case 'source':
    case 'agent':
    case 'credential': {
      if (!deps.events) return answer;
      const filter = filterFor(entry.kind, entry.id);
      const [counts, newest] = await Promise.all([deps.events.countByStatus(filter), deps.events.listRuns(filter, { limit: 1, cursor: null })]);
      const runCount = Object.values(counts).reduce((sum, count) => sum + count, 0);
      const latest = newest.runs[0];
      if (runCount === 0 || !latest) return { ...answer, runCount: 0 };
      return { ...answer, outcome: 'found', source: 'run_index', runCount, runId: latest.runId, run: lookupRunOf(latest) };
    }
    case 'session':
      // The run index is not searchable by session; the answer says what to ask for instead.
      return answer;
  }
}

async function readFromUpstream(answer: LookupAnswer, deps: LookupResolverDeps): Promise<LookupAnswer> {
  try {
    return { ...answer, outcome: 'found', source: 'upstream', runId: answer.id, run: await deps.readRun(answer.id) };
  } catch (error) {
    if (error instanceof UpstreamError && error.kind === 'not_found') return answer;
    return { ...answer, outcome: 'unavailable' };
  }
}

function filterFor(kind: 'task' | 'source' | 'agent' | 'credential', id: string): RunIndexFilter {
  switch (kind) {
    case 'task':
      return { taskId: id };
    case 'source':
      return { sourceId: id };
    case 'agent':
      return { agentId: id };
    case 'credential':
      return { credentialId: id };
  }
}

export function lookupRunOf(run: RunIndexSnapshot): LookupRun {
  return {
    runId: run.runId,
    status: run.status,
    upstreamStatus: run.upstreamStatus,
    result: run.result,
    taskId: run.taskId,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
  };
}
