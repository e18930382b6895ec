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
  /**
   * A value that changes whenever a session or account row may have changed, by this process or
   * any other; cheaper to read than `find`. Engines that cannot tell (a database shared by several
   * replicas) leave it out, and every request then reads its row.
   */
  changeStamp?(): string;
}

/** A verified session is reused this long at most, and only while the change stamp stays the same. */
const VERIFIED_TTL_MS = 1_000;
/** Bounded: one entry per cookie seen within the TTL. */
const VERIFIED_MAX_ENTRIES = 10_000;

interface VerifiedSession {
  session: ResolvedSession;
  stamp: string;
  until: number;
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
 * A verified session is kept in memory for up to a second, and only while the table's change
 * stamp is unchanged: any write to the sessions or accounts (a sign-out, a disabled account, a
 * role change or password reset) by this process ends that reuse at once, one by the users command
 * in another process within a few hundredths of a second (sqlite-session-store.ts).
 * A table without a stamp (PostgreSQL, shared by replicas) is read on every request, so a
 * sign-out on one replica ends the session on every replica at once.
 */
export class SessionStore {
  private readonly touchIntervalMs: number;
  readonly #verified = new Map<string, VerifiedSession>();

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
    if (replacing) this.#verified.delete(replacing);
    await this.table.insert({ idHash: this.hash(token), accountId, now, expiresAt, address }, replacing ? this.hash(replacing) : null);
    return { token, expiresAt };
  }

  /** The live session for a cookie value with its account, or null. An expired session is deleted on sight. */
  async resolve(token: string): Promise<ResolvedSession | null> {
    const stamp = this.table.changeStamp?.();
    if (stamp !== undefined) {
      const verified = this.#verified.get(token);
      if (verified) {
        const now = this.now();
        const { session } = verified;
        if (verified.stamp === stamp && now < verified.until && now < session.expiresAt && now - session.lastSeenAt < this.policy.idleMs) return session;
        this.#verified.delete(token);
      }
    }
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
    // Kept only when nothing was written while the row was read, so what is kept is what the table holds.
    if (stamp !== undefined && this.table.changeStamp?.() === stamp) this.#keepVerified(token, { session: row, stamp, until: now + VERIFIED_TTL_MS });
    return row;
  }

  async delete(token: string): Promise<void> {
    this.#verified.delete(token);
    await this.table.delete(this.hash(token));
  }

  /** Ends every session of an account (disabled, password reset). Returns how many ended. */
  deleteForAccount(accountId: string): Promise<number> {
    for (const [token, verified] of this.#verified) if (verified.session.accountId === accountId) this.#verified.delete(token);
    return this.table.deleteForAccount(accountId);
  }

  #keepVerified(token: string, verified: VerifiedSession): void {
    this.#verified.delete(token);
    if (this.#verified.size >= VERIFIED_MAX_ENTRIES) {
      // Oldest first out: Map keeps insertion order.
      const oldest = this.#verified.keys().next();
      if (!oldest.done) this.#verified.delete(oldest.value);
    }
    this.#verified.set(token, verified);
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
