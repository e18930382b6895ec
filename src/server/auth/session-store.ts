import { createHmac, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

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

interface SessionRow {
  account_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

/**
 * `last_seen_at` is only rewritten when it is at least this old (or a tenth of the idle limit), so
 * a page polling every second does not turn every read into a database write. Idle expiry can come
 * that much early; fine.
 */
const MAX_TOUCH_INTERVAL_MS = 60_000;

/**
 * Server-side sessions. The cookie carries 32 random bytes; the table stores only an HMAC of them,
 * so the table alone cannot be turned back into a working cookie.
 */
export class SessionStore {
  private readonly touchIntervalMs: number;
  // Every request resolves its session: the statements are prepared once, on first use.
  #findStatement?: Database.Statement<[string], SessionRow>;
  #deleteStatement?: Database.Statement<[string]>;
  #touchStatement?: Database.Statement<[number, string]>;

  constructor(
    private readonly db: Database.Database,
    private readonly secret: Buffer,
    private readonly policy: SessionPolicy,
    private readonly now: () => number,
  ) {
    this.touchIntervalMs = Math.min(MAX_TOUCH_INTERVAL_MS, Math.floor(policy.idleMs / 10));
  }

  private get findStatement(): Database.Statement<[string], SessionRow> {
    return (this.#findStatement ??= this.db.prepare<[string], SessionRow>(
      'SELECT account_id, created_at, last_seen_at, expires_at FROM sessions WHERE id_hash = ?',
    ));
  }

  private get deleteStatement(): Database.Statement<[string]> {
    return (this.#deleteStatement ??= this.db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?'));
  }

  private get touchStatement(): Database.Statement<[number, string]> {
    return (this.#touchStatement ??= this.db.prepare<[number, string]>('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?'));
  }

  private hash(token: string): string {
    return createHmac('sha256', this.secret).update(token).digest('base64url');
  }

  /** Creates a session and returns the cookie value; `replacing` (the caller's old cookie) is removed. */
  create(accountId: string, address: string | null, replacing?: string | null): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = now + this.policy.maxAgeMs;
    this.db.transaction(() => {
      if (replacing) this.deleteStatement.run(this.hash(replacing));
      this.db
        .prepare('INSERT INTO sessions (id_hash, account_id, created_at, last_seen_at, expires_at, address) VALUES (?, ?, ?, ?, ?, ?)')
        .run(this.hash(token), accountId, now, now, expiresAt, address);
    })();
    return { token, expiresAt };
  }

  /** The live session for a cookie value, or null. An expired session is deleted on sight. */
  resolve(token: string): SessionRecord | null {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const idHash = this.hash(token);
    const row = this.findStatement.get(idHash);
    if (!row) return null;
    const now = this.now();
    if (now >= row.expires_at || now - row.last_seen_at >= this.policy.idleMs) {
      this.deleteStatement.run(idHash);
      return null;
    }
    let lastSeenAt = row.last_seen_at;
    if (now - row.last_seen_at >= this.touchIntervalMs) {
      this.touchStatement.run(now, idHash);
      lastSeenAt = now;
    }
    return { accountId: row.account_id, createdAt: row.created_at, lastSeenAt, expiresAt: row.expires_at };
  }

  delete(token: string): void {
    this.deleteStatement.run(this.hash(token));
  }

  /** Ends every session of an account (disabled, password reset). Returns how many ended. */
  deleteForAccount(accountId: string): number {
    return endAllSessions(this.db, accountId);
  }

  /** Drops rows nobody can use any more; run now and then so the table does not grow forever. */
  purgeExpired(): number {
    const now = this.now();
    return this.db
      .prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?')
      .run(now, now - this.policy.idleMs).changes;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
  }
}

/** Ends every session of an account; usable without the session secret (the `users` command). */
export function endAllSessions(db: Database.Database, accountId: string): number {
  return db.prepare('DELETE FROM sessions WHERE account_id = ?').run(accountId).changes;
}
