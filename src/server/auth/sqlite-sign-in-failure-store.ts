import type Database from 'better-sqlite3';
import type { FailureCount, SignInFailureStore, SignInFailureTransaction } from './sign-in-failure-store';

interface FailureRow {
  failures: number;
  last_failure_at: number;
  locked_until: number;
}

/**
 * The sign-in counts of accounts.sqlite. One process owns that file, so transactions are taken in
 * turn in memory; better-sqlite3 runs every statement synchronously, so each step is atomic anyway.
 */
export class SqliteSignInFailureStore implements SignInFailureStore {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly tx: SignInFailureTransaction;

  constructor(private readonly db: Database.Database) {
    this.tx = {
      get: async (key) => {
        const row = db.prepare('SELECT failures, last_failure_at, locked_until FROM sign_in_failures WHERE key = ?').get(key) as FailureRow | undefined;
        return row ? { failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until } : null;
      },
      put: async (key: string, name: string | null, count: FailureCount) => {
        db.prepare(
          `INSERT INTO sign_in_failures (key, name, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(key) DO UPDATE SET name = excluded.name, failures = excluded.failures,
             last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
        ).run(key, name, count.failures, count.lastFailureAt, count.lockedUntil);
      },
      remove: async (key) => {
        db.prepare('DELETE FROM sign_in_failures WHERE key = ?').run(key);
      },
      lastSuccessFrom: async (name, address) => {
        const row = db.prepare('SELECT last_success_at FROM sign_in_known_addresses WHERE name = ? AND address = ?').get(name, address) as
          { last_success_at: number } | undefined;
        return row?.last_success_at ?? null;
      },
      recordSuccess: async (name, address, at) => {
        db.prepare(
          `INSERT INTO sign_in_known_addresses (name, address, last_success_at) VALUES (?, ?, ?)
           ON CONFLICT(name, address) DO UPDATE SET last_success_at = excluded.last_success_at`,
        ).run(name, address, at);
      },
    };
  }

  transaction<T>(_keys: readonly string[], work: (tx: SignInFailureTransaction) => Promise<T>): Promise<T> {
    const result = this.queue.then(() => work(this.tx));
    this.queue = result.catch(() => undefined);
    return result;
  }

  async clearName(name: string): Promise<number> {
    return this.db.prepare('DELETE FROM sign_in_failures WHERE name = ?').run(name.toLowerCase()).changes;
  }

  async purge(failedBefore: number, now: number, knownBefore: number): Promise<void> {
    this.db.prepare('DELETE FROM sign_in_failures WHERE last_failure_at < ? AND locked_until < ?').run(failedBefore, now);
    this.db.prepare('DELETE FROM sign_in_known_addresses WHERE last_success_at < ?').run(knownBefore);
  }
}
