import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/server/testing/postgres-test-database';

/** The real entry point as a child process with DATABASE_URL: what it keeps lands in PostgreSQL, not in files. */

const MAIN = fileURLToPath(new URL('../../main.ts', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>, reuseDataDir?: string) {
  const dataDir = reuseDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-main-pg-'));
  if (!reuseDataDir) dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { HOME: os.tmpdir(), PORT: '0', RUNWATCH_DATA_DIR: dataDir, RUNWATCH_LOG_LEVEL: 'warn', RUNWATCH_EVENTS_INTERVAL_MS: '200', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, dataDir, exited, output: () => ({ stdout, stderr }) };
}

/** Polls `read` until `done` holds; fails with the last value when the process exits first. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, exited: Promise<unknown>): Promise<T> {
  let over = false;
  void exited.then(() => (over = true));
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (over) throw new Error(`the server exited before the condition held; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('server on PostgreSQL', () => {
  it('migrates the database, keeps the events it reads there (no events.sqlite), and stops cleanly', async () => {
    const url = await createTestDatabase('main');
    const server = start({ DATABASE_URL: url });
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const countEvents = async () => {
        const table = await pool.query<{ exists: boolean }>(`SELECT to_regclass('events') IS NOT NULL AS exists`);
        if (!table.rows[0]?.exists) return 0;
        return Number((await pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM events')).rows[0]?.n ?? 0);
      };
      // The embedded simulator's demo runs have events; the catch-up reader stores them in PostgreSQL.
      expect(await eventually(countEvents, (n) => n > 0, server.exited)).toBeGreaterThan(0);
      expect((await pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows.length).toBeGreaterThan(0);
      expect(fs.existsSync(path.join(server.dataDir, 'events.sqlite'))).toBe(false);
      expect(fs.existsSync(path.join(server.dataDir, 'user-data.sqlite'))).toBe(false);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      await pool.end();
    }
  }, 60_000);

  it('keeps accounts and sessions in PostgreSQL (no accounts.sqlite), and starts again on the same data dir without new demo accounts', async () => {
    const url = await createTestDatabase('main_accounts');
    const first = start({ DATABASE_URL: url });
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const running = async (server: ReturnType<typeof start>) =>
        eventually(
          async () => server.output().stdout,
          (stdout) => stdout.includes('demo-viewer') || /Runwatch is running at \S+/.test(stdout),
          server.exited,
        );
      await running(first);
      const demoAccounts = async () => (await pool.query<{ name: string }>('SELECT name FROM accounts ORDER BY name')).rows.map((row) => row.name);
      expect(await demoAccounts()).toEqual(['demo-admin', 'demo-operator', 'demo-viewer']);
      expect(Number((await pool.query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE action = 'account.created'")).rows[0]?.n)).toBe(3);
      expect((await pool.query('SELECT 1 FROM session_secret')).rowCount).toBe(1);
      expect(fs.existsSync(path.join(first.dataDir, 'accounts.sqlite'))).toBe(false);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      // The data dir now holds other state but no accounts.sqlite: on PostgreSQL that is no lost accounts database.
      const again = start({ DATABASE_URL: url }, first.dataDir);
      const stdout = await running(again);
      expect(stdout).toMatch(/Runwatch is running at/);
      expect(stdout).not.toContain('demo-viewer');
      expect(await demoAccounts()).toEqual(['demo-admin', 'demo-operator', 'demo-viewer']);
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    } finally {
      await pool.end();
    }
  }, 90_000);

  it('refuses to start when the database cannot be reached, saying why without printing the password', async () => {
    const server = start({ DATABASE_URL: 'postgres://runwatch:PW-NOT-PRINTED@127.0.0.1:1/runwatch' });
    expect(await server.exited).toBe(1);
    const { stdout, stderr } = server.output();
    expect(stderr).toMatch(/Runwatch could not start: PostgreSQL \(DATABASE_URL\) could not be prepared: .*ECONNREFUSED/);
    expect(stdout + stderr).not.toContain('PW-NOT-PRINTED');
    expect(stdout).not.toContain('Runwatch is running');
  }, 30_000);
});
