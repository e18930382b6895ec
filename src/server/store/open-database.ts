import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logger';
import { createPrivateFile, DATA_DIR_MODE } from './data-dir';

export interface Migration {
  /** Applied in ascending order; stored in `PRAGMA user_version`. */
  version: number;
  sql: string;
}

/** The file could not be opened and `onCorrupt: 'fail'` forbids replacing it. */
export class DatabaseUnreadableError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file} could not be opened: ${reason}`);
    this.name = 'DatabaseUnreadableError';
  }
}

export interface OpenDatabaseOptions {
  /**
   * What to do with a file that is not a database or fails its integrity check. `recreate` (the
   * default) moves it aside and starts empty: losing local observations is better than a console
   * that will not start. `fail` throws DatabaseUnreadableError and leaves the file as it is, for
   * data that must not silently disappear.
   */
  onCorrupt?: 'recreate' | 'fail';
}

/**
 * Opens (or creates) a SQLite file and brings it to the newest schema. A new directory is made
 * 0700, and the file and its -wal/-shm are 0600 (see data-dir.ts).
 */
export function openDatabase(file: string, migrations: Migration[], log: Logger, options: OpenDatabaseOptions = {}): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: DATA_DIR_MODE });
  try {
    return openAndMigrate(file, migrations);
  } catch (error) {
    if (options.onCorrupt === 'fail') throw new DatabaseUnreadableError(file, error instanceof Error ? error.message : String(error));
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
  createPrivateFile(file);
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
