import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { openAuthDatabase } from './auth-database';
import { makeTempDir } from '../testing/auth-test-server';
import { verifyPassword } from './password-hash';
import { SignInThrottle } from './sign-in-throttle';
import { SqliteSignInFailureStore } from './sqlite-sign-in-failure-store';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real command in a child process with a minimal environment, so nothing from the
 * developer's shell (such as their own RUNWATCH_DATA_DIR) leaks into the test.
 */
function users(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/auth/users-cli.ts', ...args], {
      cwd: REPO_ROOT,
      env: options.env ?? {},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

// Each test starts several child processes that hash with the production scrypt cost (the command
// has no cheaper setting, on purpose); a loaded two-core machine needs far longer than the default.
describe('npm run users', { timeout: 60_000 }, () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = makeTempDir('runwatch-cli-');
  });

  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function readDb<T>(query: string): T[] {
    const db = openAuthDatabase(dataDir, silentLogger);
    try {
      return db.prepare(query).all() as T[];
    } finally {
      db.close();
    }
  }

  it('adds an account with the password from stdin and lists it', async () => {
    const added = await users(['add', 'alice', '--role', 'operator', '--data-dir', dataDir, '--init'], { stdin: 'alice-long-password\n' });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Created a new accounts database in ${dataDir}.`);
    expect(added.stdout).toContain('Created alice (operator).');
    expect(added.stdout).toContain(`(data directory: ${dataDir})`);

    const [row] = readDb<{ name: string; role: string; password_hash: string }>('SELECT name, role, password_hash FROM accounts');
    expect(row?.name).toBe('alice');
    expect(row?.role).toBe('operator');
    expect(await verifyPassword('alice-long-password', row!.password_hash)).toBe(true);

    const listed = await users(['list', '--data-dir', dataDir]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^NAME\s+ROLE\s+STATUS\s+CREATED\nalice\s+operator\s+active\s+\d{4}-/);

    const audit = readDb<Record<string, unknown>>('SELECT * FROM audit_log');
    expect(audit.map((a) => [a.action, a.subject, a.detail])).toEqual([['account.created', 'alice', 'role=operator']]);
    expect(String(audit[0]?.actor)).toMatch(/^cli/);
    expect(JSON.stringify(audit)).not.toContain('alice-long-password');
  });

  it('finds the data dir the way the server does (RUNWATCH_DATA_DIR)', async () => {
    const added = await users(['add', 'bob', '--init'], { stdin: 'bob-long-password\n', env: { RUNWATCH_DATA_DIR: dataDir } });
    expect(added.code).toBe(0);
    expect(readDb<{ name: string; role: string }>('SELECT name, role FROM accounts')).toEqual([{ name: 'bob', role: 'viewer' }]);
  });

  it('never takes a password from the command line', async () => {
    for (const flag of ['--password=secret-password-1', '--password', '-p']) {
      const result = await users(['add', 'alice', flag, '--data-dir', dataDir], { stdin: 'alice-long-password\n' });
      expect(result.code, flag).toBe(2);
    }
    const result = await users(['add', 'alice', '--password=secret-password-1', '--data-dir', dataDir]);
    expect(result.stderr).toContain('Passwords are never taken from the command line');
    expect(fs.existsSync(path.join(dataDir, 'accounts.sqlite'))).toBe(false);
  });

  it('refuses weak or missing passwords and duplicate names', async () => {
    const weak = await users(['add', 'alice', '--data-dir', dataDir, '--init'], { stdin: 'short\n' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('at least 12 characters');
    const common = await users(['add', 'alice', '--data-dir', dataDir], { stdin: 'password1234\n' });
    expect(common.code).toBe(1);
    expect(common.stderr).toContain('too easy to guess');
    const empty = await users(['add', 'alice', '--data-dir', dataDir], { stdin: '' });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('No password on stdin');
    await users(['add', 'alice', '--data-dir', dataDir], { stdin: 'alice-long-password\n' });
    const again = await users(['add', 'ALICE', '--data-dir', dataDir], { stdin: 'alice-long-password\n' });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('changes roles, resets passwords, disables and enables', async () => {
    await users(['add', 'root', '--role', 'admin', '--data-dir', dataDir, '--init'], { stdin: 'root-long-password\n' });
    await users(['add', 'alice', '--data-dir', dataDir], { stdin: 'alice-long-password\n' });

    expect((await users(['set-role', 'alice', 'operator', '--data-dir', dataDir])).stdout).toContain('alice is now operator.');
    expect((await users(['set-role', 'alice', 'superuser', '--data-dir', dataDir])).code).toBe(1);

    const reset = await users(['reset-password', 'alice', '--one-time', '--data-dir', dataDir], { stdin: 'temporary-password-1\n' });
    expect(reset.code).toBe(0);
    const [alice] = readDb<{ password_hash: string; must_change_password: number }>("SELECT * FROM accounts WHERE name = 'alice'");
    expect(await verifyPassword('temporary-password-1', alice!.password_hash)).toBe(true);
    expect(alice?.must_change_password).toBe(1);

    expect((await users(['disable', 'alice', '--data-dir', dataDir])).code).toBe(0);
    expect((await users(['list', '--data-dir', dataDir])).stdout).toMatch(/alice\s+operator\s+disabled/);
    expect((await users(['enable', 'alice', '--data-dir', dataDir])).code).toBe(0);
    expect((await users(['list', '--data-dir', dataDir])).stdout).toMatch(/alice\s+operator\s+must change password/);

    const actions = readDb<{ action: string }>('SELECT action FROM audit_log ORDER BY id').map((r) => r.action);
    expect(actions).toEqual(['account.created', 'account.created', 'account.role_changed', 'account.password_reset', 'account.disabled', 'account.enabled']);
  });

  it('will not demote or disable the last admin', async () => {
    await users(['add', 'root', '--role', 'admin', '--data-dir', dataDir, '--init'], { stdin: 'root-long-password\n' });
    const demote = await users(['set-role', 'root', 'viewer', '--data-dir', dataDir]);
    expect(demote.code).toBe(1);
    expect(demote.stderr).toContain('only active admin');
    expect((await users(['disable', 'root', '--data-dir', dataDir])).code).toBe(1);
  });

  it('refuses to touch an unreadable accounts database', async () => {
    const file = path.join(dataDir, 'accounts.sqlite');
    fs.writeFileSync(file, 'this is not a database'.repeat(500));
    const result = await users(['list', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The accounts database ${file} cannot be opened`);
    expect(fs.readdirSync(dataDir)).toEqual(['accounts.sqlite']);
  });

  it('explains its usage for unknown commands and missing names', async () => {
    const unknown = await users(['frobnicate', '--data-dir', dataDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command: frobnicate');
    expect(unknown.stderr).toContain('Usage: npm run users');
    expect((await users(['disable', '--data-dir', dataDir])).code).toBe(2);
    expect((await users(['disable', 'ghost', '--data-dir', dataDir, '--init'])).stderr).toContain('There is no account named ghost.');
  });

  it('refuses a directory without an accounts database unless told to create one, naming the directory', async () => {
    const wrong = path.join(dataDir, 'not-the-data-dir');
    const result = await users(['add', 'alice', '--data-dir', wrong], { stdin: 'alice-long-password\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`There is no accounts database in ${wrong}`);
    expect(result.stderr).toContain('--init');
    expect(fs.existsSync(wrong)).toBe(false);

    // An emptied file is no better than a missing one.
    fs.writeFileSync(path.join(dataDir, 'accounts.sqlite'), '');
    expect((await users(['list', '--data-dir', dataDir])).stderr).toContain('accounts.sqlite is empty');
  });

  it('unlocks a name locked out by wrong passwords', async () => {
    await users(['add', 'alice', '--data-dir', dataDir, '--init'], { stdin: 'alice-long-password\n' });
    const lockedOut = async () => {
      const db = openAuthDatabase(dataDir, silentLogger);
      try {
        const throttle = new SignInThrottle(new SqliteSignInFailureStore(db), Date.now);
        for (let i = 0; i < 5; i += 1) await throttle.begin('alice', '198.51.100.5');
        const gate = await throttle.begin('alice', '198.51.100.5');
        if (gate.kind === 'reserved') await throttle.settle(gate.attempt, 'succeeded');
        return gate.kind === 'locked';
      } finally {
        db.close();
      }
    };
    expect(await lockedOut()).toBe(true);
    const unlocked = await users(['unlock', 'alice', '--data-dir', dataDir]);
    expect(unlocked.code).toBe(0);
    expect(unlocked.stdout).toContain('alice may sign in again');
    expect(unlocked.stdout).toContain(`(data directory: ${dataDir})`);
    const db = openAuthDatabase(dataDir, silentLogger);
    try {
      const gate = await new SignInThrottle(new SqliteSignInFailureStore(db), Date.now).begin('alice', '198.51.100.5');
      expect(gate.kind).toBe('reserved');
    } finally {
      db.close();
    }
  });
});
