import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL server: a new cluster in a temporary directory, listening on a free
 * loopback port (and a socket in that directory), stopped and removed by `stop()`. Used by the
 * PostgreSQL-backed tests (one server per test run, one database per test file). PostgreSQL
 * refuses to run as root, so as root the cluster belongs to the `postgres` system user.
 */
export interface PostgresCluster {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly dir: string;
  /** A connection URL for `database` on this server. */
  urlFor(database: string): string;
  /** Creates a new, empty database and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Why no PostgreSQL server could be started, with what to do about it. */
export class PostgresUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `PostgreSQL is needed for the PostgreSQL half of the tests and could not be started: ${reason}\n` +
        'Install it (Debian/Ubuntu: sudo apt-get install postgresql; or run `node scripts/ensure-postgres.mjs` as root).',
    );
    this.name = 'PostgresUnavailableError';
  }
}

const SUPERUSER = 'runwatch';

/** The directory holding initdb and pg_ctl: Debian's newest /usr/lib/postgresql/N/bin, else `pg_config --bindir`. */
export function findPostgresBinDir(): string | null {
  const debianRoot = '/usr/lib/postgresql';
  if (fs.existsSync(debianRoot)) {
    const versions = fs
      .readdirSync(debianRoot)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const bin = path.join(debianRoot, version, 'bin');
      if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
    }
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bin = pgConfig.status === 0 ? pgConfig.stdout.trim() : '';
  return bin && fs.existsSync(path.join(bin, 'initdb')) ? bin : null;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Runs a PostgreSQL program, as the `postgres` user when we are root. */
function runPostgresProgram(bin: string, program: string, args: string[]): void {
  const executable = path.join(bin, program);
  const [command, commandArgs] = isRoot() ? ['runuser', ['-u', 'postgres', '--', executable, ...args]] : [executable, args];
  try {
    execFileSync(command, commandArgs, { stdio: 'pipe', encoding: 'utf8', timeout: 60_000 });
  } catch (error) {
    const failure = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${program} failed: ${(failure.stderr || failure.stdout || failure.message).trim()}`, { cause: error });
  }
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBinDir();
  if (!bin) throw new PostgresUnavailableError('no initdb/pg_ctl found (looked in /usr/lib/postgresql/*/bin and pg_config --bindir)');
  if (isRoot() && spawnSync('id', ['-u', 'postgres']).status !== 0) {
    throw new PostgresUnavailableError('running as root, but there is no `postgres` system user to run the server as');
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-pg-'));
  if (isRoot()) execFileSync('chown', ['postgres:postgres', dir]);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'log');
  try {
    runPostgresProgram(bin, 'initdb', ['-D', dataDir, '-A', 'trust', '-U', SUPERUSER, '-E', 'UTF8', '--no-sync']);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new PostgresUnavailableError(error instanceof Error ? error.message : String(error));
  }

  // The free port can be taken between finding it and the server binding it; try a few.
  let port = 0;
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 3 && port === 0; attempt++) {
    const candidate = await freeLoopbackPort();
    try {
      runPostgresProgram(bin, 'pg_ctl', [
        '-D',
        dataDir,
        '-l',
        logFile,
        '-w',
        '-t',
        '30',
        '-o',
        `-p ${candidate} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
        'start',
      ]);
      port = candidate;
    } catch (error) {
      lastError = error;
    }
  }
  if (port === 0) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
    fs.rmSync(dir, { recursive: true, force: true });
    throw new PostgresUnavailableError(`${lastError instanceof Error ? lastError.message : String(lastError)}\n${log}`);
  }

  const host = '127.0.0.1';
  const urlFor = (database: string) => `postgres://${SUPERUSER}@${host}:${port}/${encodeURIComponent(database)}`;
  let stopped = false;

  return {
    host,
    port,
    user: SUPERUSER,
    dir,
    urlFor,
    createDatabase: (prefix) => createDatabase(urlFor('postgres'), prefix),
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        runPostgresProgram(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

let databasesCreated = 0;

/** Creates a new, empty database on the server behind `adminUrl` (any database there) and returns its URL. */
export async function createDatabase(adminUrl: string, prefix = 'test'): Promise<string> {
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${++databasesCreated}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
