import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DATA_DIR_MODE, DATA_FILE_MODE } from '../store/data-dir';

export const SESSION_SECRET_FILE = 'session-secret';

/**
 * The key session ids are hashed with. Uses RUNWATCH_SESSION_SECRET when configured; otherwise a
 * random key is generated once and kept in the data dir (readable by the owner only), so sessions
 * survive restarts without anyone having to invent a secret.
 */
export function loadSessionSecret(dataDir: string, configured: string | null): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  const file = path.join(dataDir, SESSION_SECRET_FILE);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 64) return Buffer.from(existing, 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  const secret = randomBytes(32);
  fs.writeFileSync(file, secret.toString('hex') + '\n', { mode: DATA_FILE_MODE });
  return secret;
}
