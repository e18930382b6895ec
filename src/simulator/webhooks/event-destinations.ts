import { makeId, type Random } from '../engine/random';
import { newWebhookSecret } from './webhook-signature';

/** How long a rotated-out secret keeps signing alongside the new one (simulated time). */
export const PREVIOUS_SECRET_TTL_MS = 24 * 3_600_000;
const MAX_DESTINATIONS = 50;
/** Delivery records kept per destination; the oldest settled ones go first. */
const MAX_DELIVERIES_PER_DESTINATION = 5_000;

export interface DestinationRecord {
  id: string;
  sequence: number;
  name: string;
  type: 'webhook';
  status: 'active' | 'inactive';
  /** `*`, exact types, or `prefix.*` patterns. */
  events: string[];
  url: string;
  customHeaders: Record<string, string>;
  secret: string;
  previousSecret: { secret: string; expiresAt: number } | null;
  createdAt: number;
  updatedAt: number;
}

export type DeliveryStatus = 'pending' | 'success' | 'failure';

export interface DeliveryRecord {
  /** `edlv_…`; also the `webhook-id` header, the same on every retry. */
  id: string;
  sequence: number;
  destinationId: string;
  eventId: string;
  eventType: string;
  /** The exact JSON sent on every attempt. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: number;
  deliveredAt: number | null;
  /** Simulated time the next attempt is due; null when none is left. */
  nextAttemptAt: number | null;
  /** HTTP status of the last attempt; 0 when there was no answer (timeout, refused connection). */
  lastResponseStatus: number | null;
  /** Out-of-order fault: waits until the destination's next delivery has gone out. */
  held: boolean;
  /** Duplicate fault with the same message id: sent twice on its first attempt. */
  sendTwice: boolean;
  inFlight: boolean;
}

export interface NewDestination {
  name: string;
  events: string[];
  url: string;
  customHeaders: Record<string, string>;
  secret: string | undefined;
}

export type CreateDestinationOutcome = { ok: true; destination: DestinationRecord } | { ok: false; reason: 'too_many' };

/** Registered event destinations and their delivery records. */
export class EventDestinations {
  private readonly destinations = new Map<string, DestinationRecord>();
  private readonly deliveries = new Map<string, DeliveryRecord[]>();
  private sequence = 0;

  constructor(private readonly random: Random) {}

  create(input: NewDestination, now: number): CreateDestinationOutcome {
    if (this.destinations.size >= MAX_DESTINATIONS) return { ok: false, reason: 'too_many' };
    const destination: DestinationRecord = {
      id: makeId('evtd_', this.random),
      sequence: (this.sequence += 1),
      name: input.name,
      type: 'webhook',
      status: 'active',
      events: [...input.events],
      url: input.url,
      customHeaders: { ...input.customHeaders },
      secret: input.secret ?? newWebhookSecret(),
      previousSecret: null,
      createdAt: now,
      updatedAt: now,
    };
    this.destinations.set(destination.id, destination);
    this.deliveries.set(destination.id, []);
    return { ok: true, destination };
  }

  get(id: string): DestinationRecord | undefined {
    return this.destinations.get(id);
  }

  /** Newest first. */
  list(): DestinationRecord[] {
    return [...this.destinations.values()].sort((a, b) => b.createdAt - a.createdAt || b.sequence - a.sequence);
  }

  remove(id: string): boolean {
    this.deliveries.delete(id);
    return this.destinations.delete(id);
  }

  /** New secret now; the old one keeps signing for PREVIOUS_SECRET_TTL_MS. */
  rotateSecret(id: string, secret: string | undefined, now: number): DestinationRecord | undefined {
    const destination = this.destinations.get(id);
    if (!destination) return undefined;
    destination.previousSecret = { secret: destination.secret, expiresAt: now + PREVIOUS_SECRET_TTL_MS };
    destination.secret = secret ?? newWebhookSecret();
    destination.updatedAt = now;
    return destination;
  }

  /** Secrets that sign a delivery at `now`: the current one, then a rotated-out one still in its window. */
  signingSecrets(destination: DestinationRecord, now: number): string[] {
    const previous = destination.previousSecret;
    return previous && previous.expiresAt > now ? [destination.secret, previous.secret] : [destination.secret];
  }

  setStatus(destination: DestinationRecord, status: DestinationRecord['status'], now: number): void {
    destination.status = status;
    destination.updatedAt = now;
  }

  addDelivery(destination: DestinationRecord, delivery: Omit<DeliveryRecord, 'id' | 'sequence'>): DeliveryRecord {
    const record: DeliveryRecord = { ...delivery, id: makeId('edlv_', this.random, 12), sequence: (this.sequence += 1) };
    const list = this.deliveries.get(destination.id) ?? [];
    list.push(record);
    if (list.length > MAX_DELIVERIES_PER_DESTINATION) {
      const settled = list.findIndex((item) => item.nextAttemptAt === null && !item.inFlight);
      if (settled >= 0) list.splice(settled, 1);
    }
    this.deliveries.set(destination.id, list);
    return record;
  }

  /** In creation order. */
  deliveriesOf(destinationId: string): DeliveryRecord[] {
    return this.deliveries.get(destinationId) ?? [];
  }

  findDelivery(destinationId: string, deliveryId: string): DeliveryRecord | undefined {
    return this.deliveriesOf(destinationId).find((delivery) => delivery.id === deliveryId);
  }
}

/** `*` matches everything, `task_run.*` every `task_run.` type, anything else exactly. */
export function destinationWants(destination: DestinationRecord, eventType: string): boolean {
  return destination.events.some((pattern) =>
    pattern === '*' ? true : pattern.endsWith('.*') ? eventType.startsWith(pattern.slice(0, -1)) : eventType === pattern,
  );
}
