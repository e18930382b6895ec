/**
 * Webhook fault modes, each armed for the next `count` deliveries (or attempts, for the signing
 * faults). `""` in event data is a setting (`eventEmptyStrings`), not a fault.
 */
export const DELIVERY_FAULT_KINDS = ['duplicate', 'out_of_order', 'delay', 'bad_signature', 'stale_timestamp', 'drop'] as const;
export type DeliveryFaultKind = (typeof DELIVERY_FAULT_KINDS)[number];

export interface DeliveryFaultSpec {
  kind: DeliveryFaultKind;
  count: number;
  /** `delay`: simulated ms before the first attempt (default 60 s). */
  delayMs?: number;
  /** `stale_timestamp`: how far back the timestamp is (default 600 s). */
  ageSeconds?: number;
  /** `duplicate`: resend the same message (same `webhook-id`) instead of a second delivery with a new id. */
  sameMessageId?: boolean;
}

export const DELIVERY_FAULT_DESCRIPTIONS: Record<DeliveryFaultKind, string> = {
  duplicate: 'each delivery is sent twice: a second delivery with a new webhook-id (or, with sameMessageId, the same message twice)',
  out_of_order: "a delivery is held back and sent right after the destination's next one (or after 60 s simulated)",
  delay: 'the first attempt waits delayMs of simulated time (default 60 s)',
  bad_signature: 'an attempt is signed with a key that is not the secret',
  stale_timestamp: 'an attempt carries a webhook-timestamp ageSeconds in the past (default 600), correctly signed',
  drop: 'the delivery is lost: never sent and not listed (catch-up must fill it in)',
};

/** Armed faults; each kind is consumed on its own. */
export class DeliveryFaults {
  private faults: DeliveryFaultSpec[] = [];
  private droppedCount = 0;

  arm(fault: DeliveryFaultSpec): void {
    if (fault.count > 0) this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults = [];
  }

  pending(): DeliveryFaultSpec[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  take(kind: DeliveryFaultKind): DeliveryFaultSpec | null {
    const fault = this.faults.find((candidate) => candidate.kind === kind);
    if (!fault) return null;
    fault.count -= 1;
    if (fault.count <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }

  noteDropped(): void {
    this.droppedCount += 1;
  }

  dropped(): number {
    return this.droppedCount;
  }
}
