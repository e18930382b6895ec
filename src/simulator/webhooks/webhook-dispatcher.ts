import { deadlineSignal } from '@/contract/deadline-signal';
import type { EventLog, EventRecord } from '../engine/event-log';
import { cryptoRandom } from '../engine/random';
import { isoTime } from '../engine/run-wire-values';
import type { SimClock } from '../engine/sim-clock';
import type { DriftKind } from '../drift/drift-kinds';
import { wireEvent } from '../http/wire-objects';
import type { DeliveryFaults } from './delivery-faults';
import { destinationWants, type DeliveryRecord, type DestinationRecord, type EventDestinations } from './event-destinations';
import { newWebhookSecret, signatureHeader } from './webhook-signature';
import { refuseWebhookUrl, type WebhookTargets } from './webhook-targets';

/** Waits before the 2nd, 3rd and 4th attempt (simulated time); after the 4th fails the destination goes inactive. */
export const RETRY_DELAYS_MS = [30_000, 120_000, 480_000] as const;
/** The upstream's answer deadline, in real time. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;
/** An out-of-order delivery goes out at the latest this long after it was due, next delivery or not. */
const HOLD_LIMIT_MS = 60_000;
const DEFAULT_DELAY_MS = 60_000;
const DEFAULT_STALE_SECONDS = 600;
/** How often due attempts are looked for (real time); the simulated clock says what is due. */
const PUMP_INTERVAL_MS = 50;
/** Bound on concurrent outgoing requests; one at a time per destination keeps order. */
const MAX_IN_FLIGHT = 16;

export interface WebhookDispatcherOptions {
  clock: SimClock;
  events: EventLog;
  destinations: EventDestinations;
  faults: DeliveryFaults;
  /** Whether event data carries `""` for missing values right now. */
  emptyStrings: () => boolean;
  /** The drifts of the run a task-run event is about, so deliveries match the event log. */
  driftFor?: (runId: string) => ReadonlySet<DriftKind>;
  timeoutMs: number;
  targets: WebhookTargets;
}

/**
 * Turns every new event into a delivery per active destination that wants it, and sends the
 * attempts as they fall due on the simulated clock: Standard Webhooks headers, retries with
 * backoff, deactivation when every attempt failed, and the armed delivery faults.
 */
export class WebhookDispatcher {
  private readonly pending = new Set<DeliveryRecord>();
  private readonly busyDestinations = new Set<string>();
  private readonly stopping = new AbortController();
  private readonly random = cryptoRandom();
  private inFlight = 0;
  private pumpQueued = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: WebhookDispatcherOptions) {}

  start(): void {
    this.unsubscribe = this.options.events.subscribe((event) => this.onEvent(event));
    this.timer = setInterval(() => this.pump(), PUMP_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    this.unsubscribe?.();
    clearInterval(this.timer);
    this.stopping.abort();
  }

  private onEvent(event: EventRecord): void {
    const { destinations, faults, clock } = this.options;
    const now = clock.now();
    for (const destination of destinations.list().reverse()) {
      if (destination.status !== 'active' || !destinationWants(destination, event.type)) continue;
      if (faults.take('drop')) {
        faults.noteDropped();
        continue;
      }
      const delay = faults.take('delay');
      const held = faults.take('out_of_order') !== null;
      const duplicate = faults.take('duplicate');
      const dueAt = now + (delay ? (delay.delayMs ?? DEFAULT_DELAY_MS) : 0);
      const base: Omit<DeliveryRecord, 'id' | 'sequence'> = {
        destinationId: destination.id,
        eventId: event.id,
        eventType: event.type,
        body: JSON.stringify(wireEvent(event, { emptyStrings: this.options.emptyStrings(), driftFor: this.options.driftFor })),
        status: 'pending',
        attempts: 0,
        createdAt: now,
        deliveredAt: null,
        nextAttemptAt: held ? dueAt + HOLD_LIMIT_MS : dueAt,
        lastResponseStatus: null,
        held,
        sendTwice: duplicate?.sameMessageId === true,
        inFlight: false,
      };
      this.pending.add(destinations.addDelivery(destination, base));
      if (duplicate && duplicate.sameMessageId !== true) {
        this.pending.add(destinations.addDelivery(destination, { ...base, held: false, nextAttemptAt: dueAt }));
      }
    }
    this.schedulePump();
  }

  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  /** Starts every attempt that is due, oldest first, one per destination at a time. */
  pump(): void {
    const now = this.options.clock.now();
    const due = [...this.pending]
      .filter((delivery) => !delivery.inFlight && delivery.nextAttemptAt !== null && delivery.nextAttemptAt <= now)
      .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || a.sequence - b.sequence);
    for (const delivery of due) {
      if (this.inFlight >= MAX_IN_FLIGHT) return;
      const destination = this.options.destinations.get(delivery.destinationId);
      if (!destination || destination.status !== 'active') {
        this.settle(delivery, 'failure');
        continue;
      }
      if (this.busyDestinations.has(destination.id)) continue;
      void this.attempt(destination, delivery);
    }
  }

  private settle(delivery: DeliveryRecord, status: DeliveryRecord['status']): void {
    delivery.status = status;
    delivery.nextAttemptAt = null;
    this.pending.delete(delivery);
  }

  private async attempt(destination: DestinationRecord, delivery: DeliveryRecord): Promise<void> {
    delivery.inFlight = true;
    delivery.held = false;
    this.busyDestinations.add(destination.id);
    this.inFlight += 1;
    let status = 0;
    try {
      const sends = delivery.sendTwice && delivery.attempts === 0 ? 2 : 1;
      for (let i = 0; i < sends; i += 1) status = await this.post(destination, delivery);
    } finally {
      delivery.inFlight = false;
      this.busyDestinations.delete(destination.id);
      this.inFlight -= 1;
    }
    const now = this.options.clock.now();
    delivery.attempts += 1;
    delivery.lastResponseStatus = status;
    if (status >= 200 && status < 300) {
      delivery.deliveredAt = now;
      this.settle(delivery, 'success');
    } else {
      delivery.status = 'failure';
      const wait = RETRY_DELAYS_MS[delivery.attempts - 1];
      if (wait !== undefined && this.options.destinations.get(destination.id)) {
        delivery.nextAttemptAt = now + wait;
      } else {
        this.settle(delivery, 'failure');
        this.deactivate(destination, now);
      }
    }
    this.releaseHeld(delivery);
    this.schedulePump();
  }

  /** Out-of-order: what was held back for this destination goes out right after this delivery. */
  private releaseHeld(sent: DeliveryRecord): void {
    const now = this.options.clock.now();
    for (const delivery of this.pending) {
      if (delivery.held && delivery.destinationId === sent.destinationId && delivery.sequence < sent.sequence) {
        delivery.held = false;
        delivery.nextAttemptAt = now;
      }
    }
  }

  /** One HTTP attempt; the answer's status, or 0 when there was none in time. */
  private async post(destination: DestinationRecord, delivery: DeliveryRecord): Promise<number> {
    const { faults, destinations, clock } = this.options;
    if (refuseWebhookUrl(destination.url, this.options.targets) !== null) return 0;
    const stale = faults.take('stale_timestamp');
    const badSignature = faults.take('bad_signature');
    // Wall-clock seconds: the receiver checks them against its own clock, whatever the simulated one says.
    const timestamp = Math.floor(Date.now() / 1_000) - (stale ? (stale.ageSeconds ?? DEFAULT_STALE_SECONDS) : 0);
    const secrets = badSignature ? [newWebhookSecret()] : destinations.signingSecrets(destination, clock.now());
    const headers: Record<string, string> = {
      ...destination.customHeaders,
      'content-type': 'application/json',
      'user-agent': 'task-run-api-simulator',
      'webhook-id': delivery.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(secrets, delivery.id, timestamp, delivery.body),
    };
    const deadline = deadlineSignal(this.options.timeoutMs, this.stopping.signal);
    try {
      const response = await fetch(destination.url, {
        method: 'POST',
        headers,
        body: delivery.body,
        // A redirect is a failed delivery, never a way to reach another host.
        redirect: 'manual',
        signal: deadline.signal,
      });
      await response.body?.cancel().catch(() => undefined);
      return response.status;
    } catch {
      return 0;
    } finally {
      deadline.clear();
    }
  }

  private deactivate(destination: DestinationRecord, now: number): void {
    const { destinations, events } = this.options;
    if (destination.status === 'inactive' || !destinations.get(destination.id)) return;
    destinations.setStatus(destination, 'inactive', now);
    for (const delivery of this.pending) {
      if (delivery.destinationId === destination.id && !delivery.inFlight) this.settle(delivery, 'failure');
    }
    events.emit('event_destination.deactivated', destinationEventSnapshot(destination), now, this.random, null);
  }
}

/** Event `data` for `event_destination.*`: the destination without its URL, headers or secret. */
export function destinationEventSnapshot(destination: DestinationRecord): Record<string, unknown> {
  return {
    id: destination.id,
    object: 'event_destination',
    name: destination.name,
    type: destination.type,
    status: destination.status,
    events: [...destination.events],
    created_at: isoTime(destination.createdAt),
    updated_at: isoTime(destination.updatedAt),
  };
}
