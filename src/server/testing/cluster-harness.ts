import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type StartedSimulator } from '@/simulator/start-simulator';
import { createDatabase, startPostgresCluster, type PostgresCluster } from './postgres-cluster';

/**
 * Runwatch as several replicas on one machine, all on loopback: PostgreSQL in a temporary directory
 * (or a database on a server the caller has), the upstream simulator, N replicas (the real entry
 * point, each a process of its own with its own data dir) and nginx in front as a round-robin
 * balancer. `npm run cluster`, the cluster tests and the cluster bench all start it this way.
 */
export interface ReplicaProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  readonly exited: Promise<number | null>;
  /** What the process printed so far. */
  output(): { stdout: string; stderr: string };
  /** Sends a signal; `SIGKILL` is a crash (no drain, no goodbye). */
  kill(signal: NodeJS.Signals): void;
}

export interface LocalCluster {
  /** nginx in front of the replicas (round robin); null when started without a balancer. */
  readonly balancerUrl: string | null;
  readonly replicas: ReplicaProcess[];
  readonly simulator: StartedSimulator;
  readonly apiKey: string;
  readonly databaseUrl: string;
  /** The admin every replica shares (created by the first replica to start). */
  readonly admin: { name: string; password: string };
  /** Starts one more replica on the same database and simulator (not behind the balancer). */
  addReplica(extraEnv?: Record<string, string>): Promise<ReplicaProcess>;
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  replicas?: number;
  /** A server to make the database on (its `postgres` database URL); default: a new one in a temp dir. */
  postgresAdminUrl?: string;
  /** nginx in front (needs nginx installed); default true. */
  balancer?: boolean;
  simulatorSpeed?: number;
  /** Seeds the simulator with its demo runs; default true. */
  seedDemo?: boolean;
  /** Extra environment for every replica. */
  env?: Record<string, string>;
  /** Start the replicas together (the database is empty for all of them) instead of the first alone first. */
  startTogether?: boolean;
  /** Where replicas' lines go as they come (e.g. the console for `npm run cluster`). */
  onOutput?: (replica: string, line: string) => void;
}

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const STATIC_DIR = fileURLToPath(new URL('../../../dist/web', import.meta.url));

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function findNginx(): string | null {
  return ['/usr/sbin/nginx', '/usr/bin/nginx'].find((candidate) => fs.existsSync(candidate)) ?? null;
}

export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };
  try {
    let postgres: PostgresCluster | null = null;
    if (!options.postgresAdminUrl) {
      postgres = await startPostgresCluster();
      cleanups.push(() => postgres?.stop());
    }
    const databaseUrl = await createDatabase(options.postgresAdminUrl ?? postgres!.urlFor('postgres'), 'cluster');

    const apiKey = `sk_live_${randomBytes(18).toString('base64url')}`;
    const simulator = await startSimulator({ apiKey, host: '127.0.0.1', port: 0, seedDemo: options.seedDemo ?? true, speed: options.simulatorSpeed ?? 1 });
    cleanups.push(() => simulator.close());

    const admin = { name: 'demo-admin', password: `cluster ${randomBytes(12).toString('base64url')} lantern` };
    const sessionSecret = randomBytes(32).toString('base64url');
    const dirs: string[] = [];
    cleanups.push(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
    const replicas: ReplicaProcess[] = [];
    const children: ChildProcess[] = [];
    cleanups.push(async () => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.all(children.map((child) => waitForExit(child, 15_000)));
    });

    let launched = 0;
    const launch = async (extraEnv: Record<string, string> = {}): Promise<ReplicaProcess> => {
      const name = `replica-${++launched}`;
      const port = await freeLoopbackPort();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `runwatch-${name}-`));
      dirs.push(dataDir);
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
        env: {
          HOME: os.tmpdir(),
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL: databaseUrl,
          TASK_API_URL: simulator.baseUrl,
          TASK_API_KEY: apiKey,
          RUNWATCH_DATA_DIR: dataDir,
          RUNWATCH_SESSION_SECRET: sessionSecret,
          RUNWATCH_BOOTSTRAP_ADMIN: `${admin.name}:${admin.password}`,
          RUNWATCH_TRUSTED_PROXIES: '127.0.0.1',
          RUNWATCH_LOG_LEVEL: 'warn',
          RUNWATCH_EVENTS_INTERVAL_MS: '500',
          ...options.env,
          ...extraEnv,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let stdout = '';
      let stderr = '';
      const relay = (chunk: Buffer, into: 'stdout' | 'stderr') => {
        const text = chunk.toString();
        if (into === 'stdout') stdout += text;
        else stderr += text;
        if (options.onOutput) for (const line of text.split('\n').filter(Boolean)) options.onOutput(name, line);
      };
      child.stdout!.on('data', (chunk: Buffer) => relay(chunk, 'stdout'));
      child.stderr!.on('data', (chunk: Buffer) => relay(chunk, 'stderr'));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const replica: ReplicaProcess = {
        name,
        port,
        url: `http://127.0.0.1:${port}`,
        pid: child.pid!,
        exited,
        output: () => ({ stdout, stderr }),
        kill: (signal) => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        },
      };
      replicas.push(replica);
      return replica;
    };
    const startReplica = async (extraEnv?: Record<string, string>) => {
      const replica = await launch(extraEnv);
      await waitUntilReady(replica);
      return replica;
    };

    const count = options.replicas ?? 3;
    if (options.startTogether) {
      const started = await Promise.all(Array.from({ length: count }, () => launch()));
      await Promise.all(started.map((replica) => waitUntilReady(replica)));
    } else {
      // The first creates the admin account; the rest find it there.
      await startReplica();
      await Promise.all(Array.from({ length: count - 1 }, () => startReplica()));
    }

    let balancerUrl: string | null = null;
    if (options.balancer ?? true) {
      const balancer = await startBalancer(replicas.map((replica) => replica.port));
      cleanups.push(() => balancer.stop());
      balancerUrl = balancer.url;
    }

    return {
      balancerUrl,
      replicas,
      simulator,
      apiKey,
      databaseUrl,
      admin,
      addReplica: startReplica,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function waitUntilReady(replica: ReplicaProcess, timeoutMs = 60_000): Promise<void> {
  let gone = false;
  void replica.exited.then(() => (gone = true));
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (gone) throw new Error(`${replica.name} exited while starting:\n${replica.output().stderr.slice(-2000)}`);
    const ready = await fetch(`${replica.url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${replica.name} was not ready within ${timeoutMs} ms:\n${replica.output().stderr.slice(-2000)}`);
}

async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/**
 * nginx as the load balancer: round robin over the replicas, a replica that refuses connections or
 * fails a request it could retry is skipped for the next (`proxy_next_upstream`; never for a POST,
 * which nginx does not repeat), idle upstream connections kept under Runwatch's 65 s.
 */
async function startBalancer(ports: number[]): Promise<{ url: string; stop(): Promise<void> }> {
  const nginx = findNginx();
  if (!nginx) throw new Error('nginx is needed for the balancer in front of the replicas (Debian/Ubuntu: sudo apt-get install nginx-light)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-balancer-'));
  const port = await freeLoopbackPort();
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
${asRoot ? 'user root;' : ''}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream runwatch {
${ports.map((replicaPort) => `    server 127.0.0.1:${replicaPort} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 64;
    keepalive_timeout 60s;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://runwatch;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_buffering off;
    }
  }
}
`,
  );
  const child = spawn(nginx, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const up = await fetch(`${url}/healthz`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || attempt > 100) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start: ${stderr || fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGQUIT');
      await waitForExit(child, 5_000);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The built SPA the replicas serve; without it pages 404 (the API works either way). */
export function spaIsBuilt(): boolean {
  return fs.existsSync(path.join(STATIC_DIR, 'index.html'));
}
