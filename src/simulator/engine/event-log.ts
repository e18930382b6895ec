import { makeId, type Random } from './random';

export interface EventRecord {
  id: string;
  sequence: number;
  type: string;
  data: unknown;
  createdAt: number;
}

/** Events kept 30 days upstream; the simulator also caps the count so a long demo stays small. */
const MAX_EVENTS = 50_000;

/** Append-only event log in emit order (which is simulated-time order per run). */
export class EventLog {
  private readonly events: EventRecord[] = [];
  private readonly byId = new Map<string, EventRecord>();
  private sequence = 0;

  emit(type: string, data: unknown, createdAt: number, random: Random): EventRecord {
    const event: EventRecord = { id: makeId('evt_', random, 12), sequence: (this.sequence += 1), type, data, createdAt };
    this.events.push(event);
    this.byId.set(event.id, event);
    if (this.events.length > MAX_EVENTS) {
      const dropped = this.events.splice(0, this.events.length - MAX_EVENTS);
      for (const old of dropped) this.byId.delete(old.id);
    }
    return event;
  }

  get(id: string): EventRecord | undefined {
    return this.byId.get(id);
  }

  /** Newest first: by creation time, then by emit order. */
  newestFirst(): EventRecord[] {
    return [...this.events].sort((a, b) => b.createdAt - a.createdAt || b.sequence - a.sequence);
  }
}
