import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_HEADER_VALUE, runResponseSchema } from '../contract/bff';
import { startSimulator, type StartedSimulator } from '../simulator/start-simulator';

/** The real entry point as a child process: start-up message, config errors, graceful shutdown. */

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const children: ChildProcess[] = [];
const dataDirs: string[] = [];
const simulators: StartedSimulator[] = [];
const agents: http.Agent[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const agent of agents.splice(0)) agent.destroy();
  for (const sim of simulators.splice(0)) await sim.close();
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A GET over `agent` (node:http, so the test decides which connection is used). */
function get(url: string, agent: http.Agent | false): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent }, (response) => {
      response.resume();
      response.once('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }));
    });
    request.once('error', reject);
  });
}

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-main-'));
  dataDirs.push(dir);
  return dir;
}

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    // A clean environment: only what the test sets (the binary path is absolute, so no PATH needed).
    env: { HOME: os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const outputWaiters: Array<() => void> = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const check of [...outputWaiters]) check();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  /** Resolves with the first match of `pattern` on stdout; rejects if the process exits first. */
  const waitForOutput = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(stdout);
        if (!match) return;
        outputWaiters.splice(outputWaiters.indexOf(check), 1);
        resolve(match);
      };
      outputWaiters.push(check);
      check();
      void exited.then((code) => reject(new Error(`exited with ${code} before printing ${pattern}: ${stderr}`)));
    });

  const url = waitForOutput(/Runwatch is running at (http:\/\/\S+) \(upstream: ([^)]+)\)/).then((match) => ({
    url: match[1]!,
    upstream: match[2]!,
  }));
  // Only some tests await the URL; the others expect an early exit.
  url.catch(() => {});
  return { child, url, exited, waitForOutput, output: () => ({ stdout, stderr }) };
}

describe('main', () => {
  it('starts with no configuration, serves, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = tempDataDir();
    const server = start({ PORT: '0', RUNWATCH_DATA_DIR: dataDir, RUNWATCH_LOG_LEVEL: 'warn' });
    const { url, upstream } = await server.url;
    expect(upstream).toBe('embedded simulator');
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/api/runs`)).status).toBe(401);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'observations.sqlite'))).toBe(true);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 30_000);

  it('lets a request in flight finish after SIGTERM, refusing new connections meanwhile, then exits 0', async () => {
    const apiKey = 'sk_live_main_shutdown_test_key';
    const sim = await startSimulator({ apiKey, port: 0, host: '127.0.0.1', seedDemo: false, speed: 0, rateLimit: false });
    simulators.push(sim);
    const simControl = async (pathname: string, init: RequestInit = {}) => {
      const response = await fetch(`${sim.origin}/__sim/${pathname}`, { ...init, headers: { 'content-type': 'application/json' } });
      expect(response.ok).toBe(true);
      return (await response.json()) as Record<string, unknown>;
    };
    const run = (await simControl('scenarios', { method: 'POST', body: JSON.stringify({ scenario: 'long_running' }) })) as { id: string };

    const server = start({
      PORT: '0',
      RUNWATCH_DATA_DIR: tempDataDir(),
      RUNWATCH_LOG_LEVEL: 'info',
      TASK_API_URL: sim.baseUrl,
      TASK_API_KEY: apiKey,
      RUNWATCH_BOOTSTRAP_ADMIN: 'root:root-long-password',
    });
    const { url } = await server.url;

    const signedIn = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: url },
      body: JSON.stringify({ name: 'root', password: 'root-long-password' }),
    });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;

    // A load balancer's health check on a connection it keeps open.
    const healthCheck = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(healthCheck);
    expect(await get(`${url}/readyz`, healthCheck)).toMatchObject({ status: 200, connection: 'keep-alive' });

    await simControl('faults', {
      method: 'POST',
      body: JSON.stringify({ kind: 'slow', delayMs: 1500, count: 1, pathPrefix: `/v2/task-runs/${run.id}` }),
    });
    let settled = false;
    const inFlight = fetch(`${url}/api/runs/${run.id}`, { headers: { cookie } }).finally(() => (settled = true));
    inFlight.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
    // The fault is used up once the upstream call has arrived at the simulator: now it is in flight.
    while (((await simControl('faults')).data as unknown[]).length > 0) await new Promise((resolve) => setTimeout(resolve, 20));

    server.child.kill('SIGTERM');
    await server.waitForOutput(/"msg":"shutting down"/);
    // Draining: the open health-check connection hears "not ready" (and is then closed), a new
    // connection is refused, and the request already under way keeps going.
    expect(await get(`${url}/readyz`, healthCheck)).toEqual({ status: 503, connection: 'close' });
    await expect(get(`${url}/healthz`, false)).rejects.toThrow(/ECONNREFUSED/);
    expect(settled).toBe(false);

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(runResponseSchema.parse(await response.json()).run.id).toBe(run.id);
    expect(await server.exited).toBe(0);
    expect(server.output().stdout).toContain('"msg":"stopped"');
  }, 60_000);

  it('refuses to start on an unreadable accounts database, naming the file and what to do', async () => {
    const dataDir = tempDataDir();
    const file = path.join(dataDir, 'accounts.sqlite');
    fs.writeFileSync(file, 'this is not a database'.repeat(500));
    const server = start({ PORT: '0', RUNWATCH_DATA_DIR: dataDir, RUNWATCH_LOG_LEVEL: 'warn' });
    expect(await server.exited).toBe(1);
    const { stdout, stderr } = server.output();
    expect(stderr).toContain(`The accounts database ${file} cannot be opened`);
    expect(stderr).toContain('Restore it from a backup');
    expect(stdout).not.toContain('Runwatch is running');
    expect(stdout).not.toContain('demo accounts');
    expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('accounts.sqlite'))).toEqual(['accounts.sqlite']);
  }, 30_000);

  it('refuses to start over when the accounts database was deleted from a data dir in use, unless told to', async () => {
    const dataDir = tempDataDir();
    const first = start({ PORT: '0', RUNWATCH_DATA_DIR: dataDir, RUNWATCH_LOG_LEVEL: 'warn' });
    expect((await fetch(`${(await first.url).url}/healthz`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dataDir, `accounts.sqlite${suffix}`), { force: true });

    const refused = start({ PORT: '0', RUNWATCH_DATA_DIR: dataDir, RUNWATCH_LOG_LEVEL: 'warn' });
    expect(await refused.exited).toBe(1);
    const { stdout, stderr } = refused.output();
    expect(stderr).toContain(`The accounts database ${path.join(dataDir, 'accounts.sqlite')} is missing`);
    expect(stderr).toContain('Restore accounts.sqlite from a backup');
    expect(stderr).toContain('RUNWATCH_INIT_ACCOUNTS=1');
    expect(stdout).not.toContain('Runwatch is running');
    expect(stdout).not.toContain('Demo accounts');
    expect(fs.existsSync(path.join(dataDir, 'accounts.sqlite'))).toBe(false);

    const again = start({ PORT: '0', RUNWATCH_DATA_DIR: dataDir, RUNWATCH_LOG_LEVEL: 'warn', RUNWATCH_INIT_ACCOUNTS: '1' });
    await again.url;
    await again.waitForOutput(/demo-admin\s+admin\s+\S+/);
  }, 60_000);

  it('keeps the console quiet at the default level and prints the demo passwords last, after the URL', async () => {
    const dataDir = tempDataDir();
    const server = start({ PORT: '0', RUNWATCH_DATA_DIR: dataDir });
    const { url } = await server.url;
    await server.waitForOutput(/demo-viewer\s+viewer\s+\S+\n/);
    for (const pathname of ['/healthz', '/api/runs', '/api/sign-in/info']) await (await fetch(`${url}${pathname}`)).arrayBuffer();
    const info = (await (await fetch(`${url}/api/sign-in/info`)).json()) as unknown;
    expect(info).toEqual({ demo: true, passwordMinLength: 12 });

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const { stdout } = server.output();
    expect(stdout).not.toContain('"msg":"request"');
    const urlAt = stdout.indexOf('Runwatch is running at');
    const noticeAt = stdout.indexOf('Demo accounts');
    expect(urlAt).toBeGreaterThanOrEqual(0);
    expect(noticeAt).toBeGreaterThan(urlAt);
    // Nothing between the notice and the shutdown lines.
    const afterNotice = stdout
      .slice(noticeAt)
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(afterNotice.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['shutting down', 'stopped']);
    for (const name of ['demo-admin', 'demo-operator', 'demo-viewer']) expect(stdout.slice(noticeAt)).toMatch(new RegExp(`${name}\\s+\\w+\\s+[a-z2-9-]{19}`));
    expect(stdout.slice(noticeAt)).toContain(`--data-dir ${dataDir}`);
  }, 60_000);

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
