import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logger';

export interface Migration {
  /** Applied in ascending order; stored in `PRAGMA user_version`. */
  version: number;
  sql: string;
}

/**
 * Opens (or creates) a SQLite file and brings it to the newest schema. A file that is not a
 * database or fails its integrity check is moved aside and recreated: losing local observations
 * is better than a console that will not start.
 */
export function openDatabase(file: string, migrations: Migration[], log: Logger): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    return openAndMigrate(file, migrations);
  } catch (error) {
    const aside = `${file}.corrupt-${Date.now()}`;
    log.error('database unreadable; moving it aside and starting a new one', {
      file,
      movedTo: aside,
      error,
    });
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
    }
    return openAndMigrate(file, migrations);
  }
}

function openAndMigrate(file: string, migrations: Migration[]): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 2000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
    const current = db.pragma('user_version', { simple: true }) as number;
    const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => m.version > current);
    for (const migration of pending) {
      db.transaction(() => {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      })();
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
