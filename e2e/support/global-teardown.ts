import fs from 'node:fs';

/** Removes the e2e server's data directory (created once per run in playwright.config.ts). */
export default function globalTeardown(): void {
  const dir = process.env.RUNWATCH_E2E_DATA_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
