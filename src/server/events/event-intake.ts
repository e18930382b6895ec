import type { Logger } from '../logger';
import { metrics } from '../metrics/metrics';
import type { EventSource, EventStore, IngestedEvent } from '../store/event-store';
import { normalizeEvent } from './normalize-event';
import type { WebhookRejection } from './webhook-verifier';

/**
 * The one way events get into Runwatch, whichever way they came (catch-up reader, back-fill,
 * webhook): read each one on its own (a bad one is counted and skipped), store them (the store
 * dedupes on event id and moves the run index only forward), then tell whoever caches runs which
 * runs changed, so their next read fetches once instead of serving an outdated copy.
 *
 * It also keeps the counters the status endpoint shows. Counters, not log lines: a flood of bad
 * webhook deliveries must not fill the disk with logs either.
 */

export interface IntakeResult {
  inserted: number;
  duplicates: number;
  /** Events that could not be read or stored. */
  skipped: number;
  changedRunIds: string[];
}

export interface WebhookCounters {
  /** Deliveries with a valid signature, taken in (one whose event could not be stored is not counted; its retry is). */
  received: number;
  /** Deliveries refused (bad or missing signature, stale timestamp, unreadable body). */
  rejected: number;
  /** Valid deliveries already seen (same webhook-id). */
  duplicates: number;
  /** When the last valid delivery arrived (ISO 8601). */
  lastAt: string | null;
  rejectedBy: Partial<Record<WebhookRejection | 'unreadable_body', number>>;
}

export type RunsChangedListener = (runIds: readonly string[]) => void;

export class EventIntake {
  readonly #store: EventStore;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #listeners = new Set<RunsChangedListener>();
  #skipped = 0;
  /** Reasons are few and fixed; the first of each is logged once, the rest only counted. */
  readonly #skipReasonsLogged = new Set<string>();
  readonly #webhooks: WebhookCounters = { received: 0, rejected: 0, duplicates: 0, lastAt: null, rejectedBy: {} };

  constructor(options: { store: EventStore; log: Logger; now?: () => number }) {
    this.#store = options.store;
    this.#log = options.log.child({ component: 'event-intake' });
    this.#now = options.now ?? Date.now;
  }

  /** Called with the ids of runs an ingest changed (e.g. the run reader's `forget`). */
  onRunsChanged(listener: RunsChangedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads raw upstream events, skipping what cannot be read; does not store them. */
  normalize(raw: readonly unknown[]): IngestedEvent[] {
    const events: IngestedEvent[] = [];
    for (const item of raw) {
      const result = normalizeEvent(item);
      if (result.ok) events.push(result.event);
      else this.#noteSkipped(result.reason, result.eventId);
    }
    return events;
  }

  /** Stores already normalised events and invalidates the runs they changed. */
  async ingest(events: readonly IngestedEvent[], source: EventSource): Promise<IntakeResult> {
    if (events.length === 0) return { inserted: 0, duplicates: 0, skipped: 0, changedRunIds: [] };
    const result = await this.#store.ingest([...events], source);
    const rejected = result.rejected ?? [];
    for (const item of rejected) this.#noteSkipped(item.reason, item.eventId);
    metrics.eventsIngested(source, { inserted: result.inserted, duplicates: result.duplicates, skipped: rejected.length });
    if (result.changedRunIds.length > 0) this.#notify(result.changedRunIds);
    return { inserted: result.inserted, duplicates: result.duplicates, skipped: rejected.length, changedRunIds: result.changedRunIds };
  }

  /**
   * A valid webhook delivery: dedupe on its `webhook-id`, then read and store its event. A delivery
   * whose event could not be stored is unmarked again, so the upstream's retry is not taken for a duplicate.
   */
  async ingestDelivery(deliveryId: string, payload: unknown): Promise<IntakeResult & { duplicateDelivery: boolean }> {
    const fresh = await this.#store.markDeliverySeen(deliveryId);
    if (!fresh) {
      this.#webhooks.duplicates += 1;
      metrics.webhookDelivery('duplicate');
      return { inserted: 0, duplicates: 1, skipped: 0, changedRunIds: [], duplicateDelivery: true };
    }
    // A delivery is one event; a batch (an array) is read item by item all the same.
    const events = this.normalize(Array.isArray(payload) ? payload : [payload]);
    const skippedHere = (Array.isArray(payload) ? payload.length : 1) - events.length;
    let result: IntakeResult;
    try {
      result = await this.ingest(events, 'webhook');
    } catch (error) {
      metrics.webhookDelivery('failed');
      await this.#store.forgetDelivery(deliveryId).catch((forgetError: unknown) => {
        this.#log.warn('a webhook delivery that was not stored could not be unmarked; its retry will count as a duplicate', {
          error: forgetError,
        });
      });
      throw error;
    }
    this.#webhooks.received += 1;
    metrics.webhookDelivery('accepted');
    this.#webhooks.lastAt = new Date(this.#now()).toISOString();
    return { ...result, skipped: result.skipped + skippedHere, duplicateDelivery: false };
  }

  noteWebhookRejected(reason: WebhookRejection | 'unreadable_body'): void {
    this.#webhooks.rejected += 1;
    metrics.webhookDelivery('rejected', reason);
    this.#webhooks.rejectedBy[reason] = (this.#webhooks.rejectedBy[reason] ?? 0) + 1;
  }

  webhookCounters(): WebhookCounters {
    return { ...this.#webhooks, rejectedBy: { ...this.#webhooks.rejectedBy } };
  }

  skippedEvents(): number {
    return this.#skipped;
  }

  #notify(runIds: readonly string[]): void {
    for (const listener of this.#listeners) {
      try {
        listener(runIds);
      } catch (error) {
        this.#log.warn('a listener of changed runs failed', { error });
      }
    }
  }

  #noteSkipped(reason: string, eventId: string | null): void {
    this.#skipped += 1;
    if (this.#skipReasonsLogged.has(reason) || this.#skipReasonsLogged.size >= 50) return;
    this.#skipReasonsLogged.add(reason);
    this.#log.warn('an upstream event could not be read and was skipped; later ones for the same reason are only counted', {
      reason,
      eventId: eventId?.slice(0, 80) ?? null,
    });
  }
}
