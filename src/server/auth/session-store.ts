import { createHmac, randomBytes } from 'node:crypto';
import type { Account } from './account-store';

export interface SessionPolicy {
  /** A session unused for this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however active. */
  maxAgeMs: number;
}

export interface SessionRecord {
  accountId: string;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute end (sign-in time + max age). */
  expiresAt: number;
}

/** A live session with its account as read in the same query (null when the account is gone). */
export interface ResolvedSession extends SessionRecord {
  account: Account | null;
}

/** The `sessions` table on one engine (sqlite-session-store.ts, postgres/postgres-session-store.ts). Times in epoch ms. */
export interface SessionTable {
  /** The session row and its account, in one indexed lookup: this runs on every request. */
  find(idHash: string): Promise<ResolvedSession | null>;
  /** Inserts a session; `replacingHash` (the caller's old session) is deleted in the same transaction. */
  insert(row: { idHash: string; accountId: string; now: number; expiresAt: number; address: string | null }, replacingHash: string | null): Promise<void>;
  delete(idHash: string): Promise<void>;
  touch(idHash: string, now: number): Promise<void>;
  /** Returns how many sessions ended. */
  deleteForAccount(accountId: string): Promise<number>;
  /** Deletes sessions past their absolute end or idle since `idleBefore`; returns how many. */
  purge(now: number, idleBefore: number): Promise<number>;
  count(): Promise<number>;
}

/**
 * `last_seen_at` is only rewritten when it is at least this old (or a tenth of the idle limit), so
 * a page polling every second does not turn every read into a database write. Idle expiry can come
 * that much early; fine.
 */
const MAX_TOUCH_INTERVAL_MS = 60_000;

/**
 * Server-side sessions, the same on both engines. The cookie carries 32 random bytes; the table
 * stores only an HMAC of them, so the table alone cannot be turned back into a working cookie.
 * Nothing is cached in memory: every request reads its row, so a sign-out, a disabled account or a
 * password reset on one replica ends the session on every replica at once.
 */
export class SessionStore {
  private readonly touchIntervalMs: number;

  constructor(
    private readonly table: SessionTable,
    private readonly secret: Buffer,
    private readonly policy: SessionPolicy,
    private readonly now: () => number,
  ) {
    this.touchIntervalMs = Math.min(MAX_TOUCH_INTERVAL_MS, Math.floor(policy.idleMs / 10));
  }

  private hash(token: string): string {
    return createHmac('sha256', this.secret).update(token).digest('base64url');
  }

  /** Creates a session and returns the cookie value; `replacing` (the caller's old cookie) is removed. */
  async create(accountId: string, address: string | null, replacing?: string | null): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = now + this.policy.maxAgeMs;
    await this.table.insert({ idHash: this.hash(token), accountId, now, expiresAt, address }, replacing ? this.hash(replacing) : null);
    return { token, expiresAt };
  }

  /** The live session for a cookie value with its account, or null. An expired session is deleted on sight. */
  async resolve(token: string): Promise<ResolvedSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const idHash = this.hash(token);
    const row = await this.table.find(idHash);
    if (!row) return null;
    const now = this.now();
    if (now >= row.expiresAt || now - row.lastSeenAt >= this.policy.idleMs) {
      await this.table.delete(idHash);
      return null;
    }
    if (now - row.lastSeenAt >= this.touchIntervalMs) {
      await this.table.touch(idHash, now);
      return { ...row, lastSeenAt: now };
    }
    return row;
  }

  async delete(token: string): Promise<void> {
    await this.table.delete(this.hash(token));
  }

  /** Ends every session of an account (disabled, password reset). Returns how many ended. */
  deleteForAccount(accountId: string): Promise<number> {
    return this.table.deleteForAccount(accountId);
  }

  /** Drops rows nobody can use any more; run now and then so the table does not grow forever. */
  purgeExpired(): Promise<number> {
    const now = this.now();
    return this.table.purge(now, now - this.policy.idleMs);
  }

  count(): Promise<number> {
    return this.table.count();
  }
}
