import type pg from 'pg';
import { toAccount, type AccountRow } from '@/server/auth/account-store';
import type { ResolvedSession, SessionTable } from '@/server/auth/session-store';
import { inTransaction } from './postgres-database';

type SessionJoinRow = { s_account_id: string; s_created_at: string; s_last_seen_at: string; s_expires_at: string } & Partial<AccountRow>;

/**
 * The sessions table on the shared database (migration 0004-accounts): a session made on one
 * replica is honoured by all, and ended on all by one statement.
 */
export class PostgresSessionTable implements SessionTable {
  constructor(private readonly pool: pg.Pool) {}

  async find(idHash: string): Promise<ResolvedSession | null> {
    // One primary-key lookup joined to the account's primary key: the whole per-request cost.
    const row = (
      await this.pool.query<SessionJoinRow>({
        name: 'runwatch-session-find',
        text: `SELECT s.account_id AS s_account_id, s.created_at AS s_created_at, s.last_seen_at AS s_last_seen_at, s.expires_at AS s_expires_at, a.*
               FROM sessions s LEFT JOIN accounts a ON a.id = s.account_id WHERE s.id_hash = $1`,
        values: [idHash],
      })
    ).rows[0];
    if (!row) return null;
    return {
      accountId: row.s_account_id,
      createdAt: Number(row.s_created_at),
      lastSeenAt: Number(row.s_last_seen_at),
      expiresAt: Number(row.s_expires_at),
      account: row.id ? toAccount(row as AccountRow) : null,
    };
  }

  async insert(
    row: { idHash: string; accountId: string; now: number; expiresAt: number; address: string | null },
    replacingHash: string | null,
  ): Promise<void> {
    const insert = [
      'INSERT INTO sessions (id_hash, account_id, created_at, last_seen_at, expires_at, address) VALUES ($1, $2, $3, $3, $4, $5)',
      [row.idHash, row.accountId, row.now, row.expiresAt, row.address],
    ] as const;
    if (!replacingHash) {
      await this.pool.query(insert[0], [...insert[1]]);
      return;
    }
    await inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM sessions WHERE id_hash = $1', [replacingHash]);
      await client.query(insert[0], [...insert[1]]);
    });
  }

  async delete(idHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async touch(idHash: string, now: number): Promise<void> {
    await this.pool.query('UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2 AND last_seen_at < $1', [now, idHash]);
  }

  async deleteForAccount(accountId: string): Promise<number> {
    return (await this.pool.query('DELETE FROM sessions WHERE account_id = $1', [accountId])).rowCount ?? 0;
  }

  async purge(now: number, idleBefore: number): Promise<number> {
    return (await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [now, idleBefore])).rowCount ?? 0;
  }

  async count(): Promise<number> {
    return Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM sessions')).rows[0]?.n ?? 0);
  }
}
