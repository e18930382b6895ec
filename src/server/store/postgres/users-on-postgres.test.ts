import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/server/testing/postgres-test-database';

const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

/** The real `users` command in a child process, with DATABASE_URL and no data dir of its own. */
function users(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/auth/users-cli.ts', ...args], {
      cwd: REPO_ROOT,
      env: { HOME: os.tmpdir(), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('npm run users on PostgreSQL', { timeout: 90_000 }, () => {
  it('manages the accounts every replica shares, with each change in the shared audit log', async () => {
    const url = await createTestDatabase('users_cli');
    const env = { DATABASE_URL: url };
    const added = await users(['add', 'alice', '--role', 'admin'], env, 'alice-long-password\n');
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Created alice (admin).');
    expect(added.stdout).not.toContain('data directory');

    expect((await users(['add', 'ALICE'], env, 'another-long-password\n')).stderr).toContain('An account named ALICE already exists.');
    expect((await users(['disable', 'alice'], env)).stderr).toContain('only active admin');
    const listed = await users(['list'], env);
    expect(listed.stdout).toMatch(/alice\s+admin\s+active/);

    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      expect((await pool.query<{ name: string; role: string }>('SELECT name, role FROM accounts')).rows).toEqual([{ name: 'alice', role: 'admin' }]);
      expect((await pool.query<{ action: string; subject: string }>('SELECT action, subject FROM audit_log ORDER BY id')).rows).toEqual([
        { action: 'account.created', subject: 'alice' },
      ]);
    } finally {
      await pool.end();
    }
  });
});
