import fs from 'node:fs';
import path from 'node:path';

/**
 * The data directory holds password hashes, the audit log, client addresses and the session key:
 * only the account Runwatch runs as may read it. The directory is 0700 and every file in it 0600,
 * including files an older version (or a restored backup) left readable to others.
 */
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/** Files SQLite keeps beside a database; they get the database file's mode when created. */
const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'];

/**
 * Creates the directory if needed and tightens the modes of it and of the files directly in it.
 * A shared directory (sticky bit, as /tmp) or one owned by someone else is left as it is: it is
 * not Runwatch's to lock down, and only the files Runwatch creates there are private.
 */
export function secureDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  const stat = fs.statSync(dir);
  const ours = typeof process.getuid !== 'function' || stat.uid === process.getuid();
  if ((stat.mode & 0o1000) !== 0 || !ours) return;
  tighten(dir, DATA_DIR_MODE);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) tighten(path.join(dir, entry.name), DATA_FILE_MODE);
  }
}

/**
 * Makes `file` exist with mode 0600 (creating it empty), and its SQLite side files too, so SQLite
 * (which gives -wal, -shm and -journal the mode of the database file) never makes anything wider.
 */
export function createPrivateFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: DATA_DIR_MODE });
  fs.closeSync(fs.openSync(file, 'a', DATA_FILE_MODE));
  tighten(file, DATA_FILE_MODE);
  for (const suffix of SQLITE_SIDE_FILES) tighten(file + suffix, DATA_FILE_MODE);
}

function tighten(target: string, mode: number): void {
  try {
    if ((fs.statSync(target).mode & 0o777) !== mode) fs.chmodSync(target, mode);
  } catch (error) {
    // Absent (or removed meanwhile): nothing to tighten.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
