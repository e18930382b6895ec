import type pg from 'pg';
import type { SignInFailureStore, SignInFailureTransaction } from '@/server/auth/sign-in-failure-store';
import { inTransaction } from './postgres-database';

/**
 * Sign-in counts on the shared database (migration 0004-accounts): one count per name, pair and
 * address for all replicas together, so spreading guesses over replicas gains nothing. A throttle
 * transaction takes a transaction lock per count (in a fixed order, so two never deadlock): parallel
 * attempts on any replica see each other, as in one process.
 */
export class PostgresSignInFailureStore implements SignInFailureStore {
  constructor(private readonly pool: pg.Pool) {}

  transaction<T>(keys: readonly string[], work: (tx: SignInFailureTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, async (client) => {
      for (const key of [...new Set(keys)].sort()) {
        await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('runwatch sign-in ' || $1, 0))`, [key]);
      }
      return work({
        async get(key) {
          const row = (
            await client.query<{ failures: number; last_failure_at: string; locked_until: string }>(
              'SELECT failures, last_failure_at, locked_until FROM sign_in_failures WHERE key = $1',
              [key],
            )
          ).rows[0];
          return row ? { failures: row.failures, lastFailureAt: Number(row.last_failure_at), lockedUntil: Number(row.locked_until) } : null;
        },
        async put(key, name, count) {
          await client.query(
            `INSERT INTO sign_in_failures (key, name, failures, last_failure_at, locked_until) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (key) DO UPDATE SET name = excluded.name, failures = excluded.failures,
               last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
            [key, name, count.failures, count.lastFailureAt, count.lockedUntil],
          );
        },
        async remove(key) {
          await client.query('DELETE FROM sign_in_failures WHERE key = $1', [key]);
        },
        async lastSuccessFrom(name, address) {
          const row = (
            await client.query<{ last_success_at: string }>('SELECT last_success_at FROM sign_in_known_addresses WHERE name = $1 AND address = $2', [
              name,
              address,
            ])
          ).rows[0];
          return row ? Number(row.last_success_at) : null;
        },
        async recordSuccess(name, address, at) {
          await client.query(
            `INSERT INTO sign_in_known_addresses (name, address, last_success_at) VALUES ($1, $2, $3)
             ON CONFLICT (name, address) DO UPDATE SET last_success_at = excluded.last_success_at`,
            [name, address, at],
          );
        },
      });
    });
  }

  async clearName(name: string): Promise<number> {
    return (await this.pool.query('DELETE FROM sign_in_failures WHERE name = $1', [name.toLowerCase()])).rowCount ?? 0;
  }

  async purge(failedBefore: number, now: number, knownBefore: number): Promise<void> {
    await this.pool.query('DELETE FROM sign_in_failures WHERE last_failure_at < $1 AND locked_until < $2', [failedBefore, now]);
    await this.pool.query('DELETE FROM sign_in_known_addresses WHERE last_success_at < $1', [knownBefore]);
  }
}
