import type Database from 'better-sqlite3';
import { toAccount, type AccountRow } from './account-store';
import type { ResolvedSession, SessionTable } from './session-store';

type SessionJoinRow = { s_account_id: string; s_created_at: number; s_last_seen_at: number; s_expires_at: number } & Partial<AccountRow>;

/** A change by another process (the users command) is seen by the session check within this long. */
export const OTHER_WRITERS_CHECK_MS = 50;

/** The sessions table of accounts.sqlite (auth-database.ts). */
export class SqliteSessionTable implements SessionTable {
  // Every request resolves its session: the statements are prepared once, on first use.
  #find?: Database.Statement<[string], SessionJoinRow>;
  #delete?: Database.Statement<[string]>;
  #touch?: Database.Statement<[number, string]>;
  #totalChanges?: Database.Statement<[], number>;
  #dataVersion?: Database.Statement<[], number>;
  #otherWriters = 0;
  #otherWritersReadAt = -Infinity;

  /** `monotonicNow`: milliseconds for spacing out the check for other processes' writes (tests pass their own). */
  constructor(
    private readonly db: Database.Database,
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  private get deleteStatement(): Database.Statement<[string]> {
    return (this.#delete ??= this.db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?'));
  }

  async find(idHash: string): Promise<ResolvedSession | null> {
    this.#find ??= this.db.prepare<[string], SessionJoinRow>(
      `SELECT s.account_id AS s_account_id, s.created_at AS s_created_at, s.last_seen_at AS s_last_seen_at, s.expires_at AS s_expires_at, a.*
       FROM sessions s LEFT JOIN accounts a ON a.id = s.account_id WHERE s.id_hash = ?`,
    );
    const row = this.#find.get(idHash);
    if (!row) return null;
    return {
      accountId: row.s_account_id,
      createdAt: row.s_created_at,
      lastSeenAt: row.s_last_seen_at,
      expiresAt: row.s_expires_at,
      account: row.id ? toAccount(row as AccountRow) : null,
    };
  }

  async insert(
    row: { idHash: string; accountId: string; now: number; expiresAt: number; address: string | null },
    replacingHash: string | null,
  ): Promise<void> {
    this.db.transaction(() => {
      if (replacingHash) this.deleteStatement.run(replacingHash);
      this.db
        .prepare('INSERT INTO sessions (id_hash, account_id, created_at, last_seen_at, expires_at, address) VALUES (?, ?, ?, ?, ?, ?)')
        .run(row.idHash, row.accountId, row.now, row.now, row.expiresAt, row.address);
    })();
  }

  async delete(idHash: string): Promise<void> {
    this.deleteStatement.run(idHash);
  }

  async touch(idHash: string, now: number): Promise<void> {
    this.#touch ??= this.db.prepare<[number, string]>('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?');
    this.#touch.run(now, idHash);
  }

  /**
   * Every write on this connection (accounts, sessions, audit: `total_changes()`, a fraction of a
   * microsecond) and, checked at most every OTHER_WRITERS_CHECK_MS, commits by other connections to
   * the file (`npm run users` in another process: `data_version`, a few microseconds). No table read.
   */
  changeStamp(): string {
    this.#totalChanges ??= this.db.prepare<[], number>('SELECT total_changes()').pluck();
    const now = this.monotonicNow();
    if (now - this.#otherWritersReadAt >= OTHER_WRITERS_CHECK_MS) {
      this.#dataVersion ??= this.db.prepare<[], number>('PRAGMA data_version').pluck();
      this.#otherWriters = this.#dataVersion.get()!;
      this.#otherWritersReadAt = now;
    }
    return `${this.#totalChanges.get()!}.${this.#otherWriters}`;
  }

  async deleteForAccount(accountId: string): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE account_id = ?').run(accountId).changes;
  }

  async purge(now: number, idleBefore: number): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?').run(now, idleBefore).changes;
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
  }
}
