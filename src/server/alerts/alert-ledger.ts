import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from '../logger';
import { openDatabase, type Migration } from '../store/open-database';
import type { OutgoingAlert } from './alert-message';

export const ALERT_LEDGER_FILE = 'alerts.sqlite';

/** How long sent alert keys are kept; the run index keeps 30 days of runs. */
const KEEP_MS = 35 * 24 * 60 * 60 * 1000;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE alerts (
        key TEXT PRIMARY KEY,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        run_id TEXT NOT NULL,
        body TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX alerts_pending ON alerts (state) WHERE state = 'pending';
      CREATE INDEX alerts_created ON alerts (created_at);
    `,
  },
];

/**
 * Which alerts were already raised (`alerts.sqlite` in the data dir), so one run + kind + status
 * change is alerted once, across restarts too. An alert is claimed before it is sent; one still
 * pending at start was cut off by a restart and is sent again (the receiver sees the same id).
 */
export class AlertLedger {
  readonly #db: Database.Database;

  constructor(options: { dataDir: string; log: Logger }) {
    this.#db = openDatabase(path.join(options.dataDir, ALERT_LEDGER_FILE), MIGRATIONS, options.log);
  }

  /** False when an alert with this key was already claimed. */
  claim(key: string, alert: OutgoingAlert, now: Date): boolean {
    const at = now.toISOString();
    const result = this.#db
      .prepare(
        `INSERT INTO alerts (key, id, kind, run_id, body, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
         ON CONFLICT (key) DO NOTHING`,
      )
      .run(key, alert.id, alert.kind, alert.runId, alert.body, at, at);
    return result.changes === 1;
  }

  has(key: string): boolean {
    return this.#db.prepare('SELECT 1 FROM alerts WHERE key = ?').get(key) !== undefined;
  }

  settle(key: string, outcome: 'sent' | 'failed', now: Date): void {
    this.#db.prepare('UPDATE alerts SET state = ?, updated_at = ? WHERE key = ?').run(outcome, now.toISOString(), key);
  }

  /** Claimed but never settled (the process stopped while sending). */
  pending(): Array<{ key: string; alert: OutgoingAlert }> {
    const rows = this.#db.prepare(`SELECT key, id, kind, run_id, body FROM alerts WHERE state = 'pending' ORDER BY created_at`).all() as Array<{
      key: string;
      id: string;
      kind: OutgoingAlert['kind'];
      run_id: string;
      body: string;
    }>;
    return rows.map((row) => ({ key: row.key, alert: { id: row.id, kind: row.kind, runId: row.run_id, body: row.body } }));
  }

  /** Drops keys old enough that their run has left the index. */
  prune(now: Date): number {
    return this.#db.prepare('DELETE FROM alerts WHERE created_at < ?').run(new Date(now.getTime() - KEEP_MS).toISOString()).changes;
  }

  close(): void {
    this.#db.close();
  }
}
