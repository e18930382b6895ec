import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '../../src/contract/bff';
import { freePort } from './nginx';

export const BENCH_ADMIN = { name: 'bench-admin', password: 'bench-admin-password-0123' };

/**
 * The real server as production runs it (`src/server/main.ts` with the built SPA), pointed at an
 * upstream the benchmark controls, with a bootstrap admin to sign in as.
 */
export async function startRunwatchProcess(upstream: { baseUrl: string; apiKey: string }): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TASK_API_URL: upstream.baseUrl,
      TASK_API_KEY: upstream.apiKey,
      RUNWATCH_DATA_DIR: dataDir,
      RUNWATCH_BOOTSTRAP_ADMIN: `${BENCH_ADMIN.name}:${BENCH_ADMIN.password}`,
      RUNWATCH_LOG_LEVEL: 'error',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`Runwatch exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      if (i > 300) throw new Error('Runwatch did not start within 30 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headers a same-origin JSON request from the SPA carries. */
export function spaJsonHeaders(origin: string): Record<string, string> {
  return { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin };
}
