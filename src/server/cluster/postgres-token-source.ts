import type pg from 'pg';
import type { SharedTokenSource } from '../upstream/request-budget';

/**
 * The upstream request budget shared by every replica: one token bucket in a PostgreSQL row,
 * refilled by elapsed time and taken from in one statement under the row lock. It holds `capacity`
 * tokens and refills `limit - capacity` per window, the same shape as one process's bucket, so in
 * any window at most `limit` tokens are granted over all replicas together. Each replica takes a
 * few at a time (request-budget.ts keeps them and orders its own calls), so the row is touched
 * about once per few upstream calls, not once per call.
 */
export class PostgresTokenSource implements SharedTokenSource {
  readonly capacity: number;
  readonly retryMs: number;
  readonly #pool: pg.Pool;
  readonly #name: string;
  readonly #refillPerMs: number;
  #ready: Promise<void> | null = null;

  constructor(options: { pool: pg.Pool; limit: number; windowMs: number; burst?: number; name?: string }) {
    this.#pool = options.pool;
    this.#name = options.name ?? 'upstream';
    // The same split as RequestBudget: a fifth as burst, the rest refilled over the window.
    this.capacity = Math.max(1, Math.min(options.burst ?? Math.floor(options.limit / 5), options.limit));
    this.#refillPerMs = Math.max(options.limit - this.capacity, 1) / options.windowMs;
    this.retryMs = Math.max(20, Math.ceil(1 / this.#refillPerMs));
  }

  async take(wanted: number, keep: number): Promise<number> {
    if (wanted <= 0) return 0;
    this.#ready ??= this.#pool
      .query('INSERT INTO cluster_request_budget (name, tokens) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [this.#name, this.capacity])
      .then(() => undefined);
    await this.#ready.catch((error: unknown) => {
      this.#ready = null;
      throw error;
    });
    const result = await this.#pool.query<{ granted: number }>(
      `WITH current AS (
         SELECT clock_timestamp() AS at,
                LEAST($2::float8, tokens + GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - refilled_at) * 1000) * $3::float8) AS available
           FROM cluster_request_budget WHERE name = $1 FOR UPDATE
       ), grant_now AS (
         SELECT at, available, GREATEST(0, LEAST($4::float8, FLOOR(available - $5::float8))) AS granted FROM current
       )
       UPDATE cluster_request_budget AS b SET tokens = g.available - g.granted, refilled_at = g.at
         FROM grant_now AS g WHERE b.name = $1
       RETURNING g.granted::int AS granted`,
      [this.#name, this.capacity, this.#refillPerMs, wanted, keep],
    );
    return result.rows[0]?.granted ?? 0;
  }
}
