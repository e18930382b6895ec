/** Upstream keeps idempotency keys 24 h per organization. */
const KEY_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: string;
  expiresAt: number;
}

export type IdempotencyLookup = { kind: 'miss' } | { kind: 'replay'; status: number; body: string } | { kind: 'conflict' };

/** Successful responses by Idempotency-Key; same key + same params replays, different params conflict. */
export class IdempotencyStore {
  private readonly responses = new Map<string, StoredResponse>();

  lookup(key: string, fingerprint: string, now: number): IdempotencyLookup {
    const stored = this.responses.get(key);
    if (!stored || stored.expiresAt <= now) {
      this.responses.delete(key);
      return { kind: 'miss' };
    }
    if (stored.fingerprint !== fingerprint) return { kind: 'conflict' };
    return { kind: 'replay', status: stored.status, body: stored.body };
  }

  remember(key: string, fingerprint: string, status: number, body: string, now: number): void {
    this.responses.set(key, { fingerprint, status, body, expiresAt: now + KEY_TTL_MS });
  }
}
