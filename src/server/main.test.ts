import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/** The real entry point as a child process: start-up message, config errors, graceful shutdown. */

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    // A clean environment: only what the test sets (the binary path is absolute, so no PATH needed).
    env: { HOME: os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /Runwatch is running at (http:\/\/\S+) \(upstream: embedded simulator\)/.exec(stdout);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  // Only the start-up test awaits the URL; the others expect an early exit.
  url.catch(() => {});
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

describe('main', () => {
  it('starts with no configuration, serves, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-main-'));
    const server = start({ PORT: '0', RUNWATCH_DATA_DIR: dataDir, RUNWATCH_LOG_LEVEL: 'warn' });
    const url = await server.url;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/api/runs`)).status).toBe(401);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'observations.sqlite'))).toBe(true);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 30_000);

  it('names a bad variable in one line and exits non-zero', async () => {
    const server = start({ PORT: 'not-a-port' });
    expect(await server.exited).toBe(2);
    expect(server.output().stderr.trim()).toBe('Invalid configuration: PORT must be a port number (0-65535)');
  });

  it('never prints the value of a bad secret', async () => {
    const server = start({ TASK_API_URL: 'https://api.example.com/v2', TASK_API_KEY: 'sk_live_has SPACE-SECRET' });
    expect(await server.exited).toBe(2);
    const { stdout, stderr } = server.output();
    expect(stderr).toContain('TASK_API_KEY');
    expect(stdout + stderr).not.toContain('SPACE-SECRET');
  });
});
