import { makeId, type Random } from './random';

export interface EventRecord {
  id: string;
  sequence: number;
  type: string;
  data: unknown;
  createdAt: number;
  /** The API request that caused the event (`req_…`); null when the platform acted on its own. */
  requestId: string | null;
}

export type EventListener = (event: EventRecord) => void;

/** Events kept 30 days upstream; the simulator also caps the count so a long demo stays small. */
const MAX_EVENTS = 50_000;

/** Append-only event log in emit order (which is simulated-time order per run). */
export class EventLog {
  private readonly events: EventRecord[] = [];
  private readonly byId = new Map<string, EventRecord>();
  private readonly listeners = new Set<EventListener>();
  private sequence = 0;

  emit(type: string, data: unknown, createdAt: number, random: Random, requestId: string | null = null): EventRecord {
    const event: EventRecord = { id: makeId('evt_', random, 12), sequence: (this.sequence += 1), type, data, createdAt, requestId };
    this.events.push(event);
    this.byId.set(event.id, event);
    if (this.events.length > MAX_EVENTS) {
      const dropped = this.events.splice(0, this.events.length - MAX_EVENTS);
      for (const old of dropped) this.byId.delete(old.id);
    }
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Calls `listener` for every event emitted from now on (webhook deliveries); returns an unsubscribe. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(id: string): EventRecord | undefined {
    return this.byId.get(id);
  }

  /** Newest first: by creation time, then by emit order. */
  newestFirst(): EventRecord[] {
    return [...this.events].sort((a, b) => b.createdAt - a.createdAt || b.sequence - a.sequence);
  }
}
