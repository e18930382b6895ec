import type Database from 'better-sqlite3';
import { toAccount, type AccountRow } from './account-store';
import type { ResolvedSession, SessionTable } from './session-store';

type SessionJoinRow = { s_account_id: string; s_created_at: number; s_last_seen_at: number; s_expires_at: number } & Partial<AccountRow>;

/** The sessions table of accounts.sqlite (auth-database.ts). */
export class SqliteSessionTable implements SessionTable {
  // Every request resolves its session: the statements are prepared once, on first use.
  #find?: Database.Statement<[string], SessionJoinRow>;
  #delete?: Database.Statement<[string]>;
  #touch?: Database.Statement<[number, string]>;
  #stamp?: Database.Statement<[], string>;

  constructor(private readonly db: Database.Database) {}

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

  async insert(row: { idHash: string; accountId: string; now: number; expiresAt: number; address: string | null }, replacingHash: string | null): Promise<void> {
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
   * Writes on this connection (accounts, sessions, audit: total_changes) and commits by any other
   * connection to the file (the users command: data_version). One cheap statement, no table read.
   */
  changeStamp(): string {
    this.#stamp ??= this.db.prepare<[], string>("SELECT total_changes() || '.' || data_version FROM pragma_data_version").pluck();
    return this.#stamp.get()!;
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
