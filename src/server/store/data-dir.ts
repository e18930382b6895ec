import fs from 'node:fs';
import path from 'node:path';

/**
 * The data directory holds password hashes, the audit log, client addresses and the session key:
 * only the account Runwatch runs as may read it. The directory is 0700 and every file in it 0600,
 * including files an older version (or a restored backup) left readable to others.
 */
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/** Creates the directory if needed and tightens the modes of it and of the files directly in it. */
export function secureDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  tighten(dir, DATA_DIR_MODE);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) tighten(path.join(dir, entry.name), DATA_FILE_MODE);
  }
}

/**
 * Creates `file` empty with mode 0600 when it does not exist yet, so SQLite (which gives its -wal,
 * -shm and -journal files the mode of the database file) never makes anything wider.
 */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', DATA_FILE_MODE));
  tighten(file, DATA_FILE_MODE);
}

function tighten(target: string, mode: number): void {
  try {
    if ((fs.statSync(target).mode & 0o777) !== mode) fs.chmodSync(target, mode);
  } catch (error) {
    // A file removed meanwhile needs nothing; a directory we may not change is reported by the caller's next step.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
