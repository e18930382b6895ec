import fs from 'node:fs';
import path from 'node:path';
import { OBSERVATIONS_FILE } from '../store/observation-store';
import { EVENTS_FILE } from '../store/sqlite-event-store';
import { AUTH_DATABASE_FILE } from './auth-database';
import { SESSION_SECRET_FILE } from './session-secret';

/**
 * Guards against starting over by accident. A data dir whose accounts database is gone (deleted,
 * or truncated to nothing) while the other state Runwatch keeps there is still present was in use
 * before: creating a fresh accounts database would silently drop every account and the audit log
 * (and, in the demo, hand out new demo passwords). So that is refused unless asked for explicitly.
 */
export type AccountsDatabaseState = 'present' | 'missing' | 'empty';

/** Files that show the data dir has been used before. */
const OTHER_STATE_FILES = [SESSION_SECRET_FILE, OBSERVATIONS_FILE, EVENTS_FILE];

/** Byte offset of `user_version` in a SQLite header; 0 there means no schema was ever written. */
const USER_VERSION_OFFSET = 60;

export function accountsDatabaseState(dataDir: string): AccountsDatabaseState {
  const file = path.join(dataDir, AUTH_DATABASE_FILE);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  if (size === 0) return walHoldsData(file) ? 'present' : 'empty';
  if (size < 100) return 'present'; // not a database at all: opening it gives the clearer error
  const header = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 4, USER_VERSION_OFFSET);
  } finally {
    fs.closeSync(fd);
  }
  return header.readUInt32BE(0) === 0 && !walHoldsData(file) ? 'empty' : 'present';
}

/** Changes not yet checkpointed may carry the schema; then SQLite, not this check, has the last word. */
function walHoldsData(file: string): boolean {
  try {
    return fs.statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

/** Startup (or the users command) must stop; the message says what happened and what to do. */
export class AccountsDatabaseMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountsDatabaseMissingError';
  }
}

/**
 * Throws AccountsDatabaseMissingError when the accounts database is missing or empty but other
 * state shows the data dir was in use, unless `allowInit` (RUNWATCH_INIT_ACCOUNTS=1). A new,
 * empty data dir passes: that is a first start.
 */
export function assertAccountsNotLost(dataDir: string, allowInit: boolean): void {
  const state = accountsDatabaseState(dataDir);
  if (state === 'present' || allowInit) return;
  const others = OTHER_STATE_FILES.filter((name) => fs.existsSync(path.join(dataDir, name)));
  if (others.length === 0) return;
  const file = path.join(dataDir, AUTH_DATABASE_FILE);
  throw new AccountsDatabaseMissingError(
    `The accounts database ${file} is ${state === 'missing' ? 'missing' : 'empty'}, but ${dataDir} holds other Runwatch state ` +
      `(${others.join(', ')}), so it was in use before: the accounts and the audit log look lost. Runwatch will not start over ` +
      'with no accounts on its own. Restore accounts.sqlite from a backup (see "Backups" in the README), check that ' +
      'RUNWATCH_DATA_DIR points at the right directory, or — to really start again with no accounts and an empty audit ' +
      'log — start once with RUNWATCH_INIT_ACCOUNTS=1.',
  );
}
