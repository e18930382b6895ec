import type { EventStatusResponse } from '@/contract/bff';
import { ROLE } from '@/contract/roles';
import type { CatchUpReader } from '../events/catch-up-reader';
import type { EventIntake } from '../events/event-intake';
import { queryParams } from '../http/request-input';
import type { RouteSpec } from '../http/route-table';

export interface EventStatusSources {
  /** Null when RUNWATCH_EVENTS=off. */
  intake: EventIntake | null;
  catchUp: CatchUpReader | null;
  webhooksConfigured: boolean;
  now?: () => number;
}

/** `GET /api/events/status`: how current the event intake is (catch-up, back-fill, webhooks). */
export function eventStatusRoutes(sources: EventStatusSources): RouteSpec[] {
  const now = sources.now ?? Date.now;
  return [
    {
      method: 'GET',
      path: '/api/events/status',
      policy: ROLE.viewer,
      handler: (c) => {
        queryParams(c, []);
        c.header('Cache-Control', 'no-store');
        return c.json(eventStatus(sources, now()));
      },
    },
  ];
}

export function eventStatus(sources: EventStatusSources, nowMs: number): EventStatusResponse {
  const catchUp = sources.catchUp?.status() ?? null;
  const webhooks = sources.intake?.webhookCounters() ?? { received: 0, rejected: 0, duplicates: 0, lastAt: null };
  const lastPassAt = catchUp?.lastPassAt ?? null;
  return {
    mode: !sources.intake ? 'off' : sources.webhooksConfigured ? 'webhooks+catch_up' : 'catch_up',
    lastPassAt,
    lagSeconds: lastPassAt === null ? null : Math.max(0, Math.round((nowMs - Date.parse(lastPassAt)) / 100) / 10),
    watermark: catchUp?.watermark ?? null,
    failures: catchUp?.failures ?? 0,
    lastError: catchUp?.lastError ?? null,
    backfill: catchUp?.backfill ?? { state: 'not_started', startedAt: null, finishedAt: null, oldestReached: null, eventsIngested: 0 },
    webhooks: { received: webhooks.received, rejected: webhooks.rejected, duplicates: webhooks.duplicates, lastAt: webhooks.lastAt },
    skippedEvents: sources.intake?.skippedEvents() ?? 0,
  };
}
