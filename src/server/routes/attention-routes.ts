import { ATTENTION_LIST_LIMIT, WATCHED_RECENT_MINUTES, type AttentionResponse, type AttentionRun } from '@/contract/attention';
import { ROLE } from '@/contract/roles';
import { isTerminal } from '@/contract/run-status';
import { queryParams } from '../http/request-input';
import type { EventStore, RunIndexSnapshot } from '../store/event-store';
import type { UserDataStore } from '../store/user-data-store';
import type { RouteSpec } from '../http/route-table';

export interface AttentionSources {
  /** The local run index; without it nothing is known to need attention. */
  events: EventStore | undefined;
  /** Pins per person; without it there is no watchlist. */
  userData: UserDataStore | undefined;
  now?: () => number;
}

/** Runs read from the index to pick the longest-waiting ones from. */
const NEEDS_HUMAN_SCAN = 500;
/** Every signed-in tab polls this; tabs polling within this window share one index read. */
const SHARED_READ_MS = 1_000;

/**
 * `GET /api/attention`: runs waiting for a human and the caller's watched runs, for the tab title,
 * the favicon badge and notifications. Read from the run index only: no upstream request per viewer.
 */
export function attentionRoutes(sources: AttentionSources): RouteSpec[] {
  const now = sources.now ?? Date.now;
  let shared: { at: number; value: Promise<{ runs: AttentionRun[]; count: number }> } | null = null;

  const needsHuman = (nowMs: number) => {
    if (!shared || nowMs - shared.at >= SHARED_READ_MS) {
      const value = readNeedsHuman(sources.events);
      shared = { at: nowMs, value };
      // A failed read is not kept for the next caller.
      value.catch(() => (shared = null));
    }
    return shared.value;
  };

  return [
    {
      method: 'GET',
      path: '/api/attention',
      policy: ROLE.viewer,
      handler: async (c) => {
        queryParams(c, []);
        const nowMs = now();
        const principal = c.get('principal');
        const [waiting, watched] = await Promise.all([needsHuman(nowMs), principal ? readWatched(sources, principal.userId, nowMs) : Promise.resolve([])]);
        const body: AttentionResponse = {
          needsHuman: waiting.runs,
          needsHumanCount: waiting.count,
          watched,
          generatedAt: new Date(nowMs).toISOString(),
        };
        c.header('Cache-Control', 'no-store');
        return c.json(body);
      },
    },
  ];
}

async function readNeedsHuman(events: EventStore | undefined): Promise<{ runs: AttentionRun[]; count: number }> {
  if (!events) return { runs: [], count: 0 };
  const filter = { statuses: ['interaction_required'] };
  const [page, counts] = await Promise.all([events.listRuns(filter, { limit: NEEDS_HUMAN_SCAN, cursor: null }), events.countByStatus(filter)]);
  const runs = page.runs
    .filter((run) => run.status === 'interaction_required')
    .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt))
    .slice(0, ATTENTION_LIST_LIMIT)
    .map(toAttentionRun);
  return { runs, count: Math.max(counts.interaction_required ?? 0, runs.length) };
}

async function readWatched(sources: AttentionSources, userId: string, nowMs: number): Promise<AttentionRun[]> {
  if (!sources.events || !sources.userData) return [];
  const events = sources.events;
  const pins = await sources.userData.listPins(userId);
  const recentFrom = nowMs - WATCHED_RECENT_MINUTES * 60_000;
  const runs = await Promise.all(pins.map((pin) => events.getRun(pin.runId)));
  return runs
    .filter((run): run is RunIndexSnapshot => run !== null)
    .filter((run) => !isTerminal(run.status) || Date.parse(run.updatedAt) >= recentFrom)
    .map(toAttentionRun);
}

function toAttentionRun(run: RunIndexSnapshot): AttentionRun {
  return {
    runId: run.runId,
    status: run.status,
    upstreamStatus: run.upstreamStatus,
    taskId: run.taskId,
    sourceId: run.sourceId,
    interactionType: run.interactionType,
    updatedAt: run.updatedAt,
  };
}
