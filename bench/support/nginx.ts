import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Finds nginx, installing Debian's package when we are root with apt and it is missing. */
export function ensureNginx(): string | null {
  const find = () => ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p)) ?? null;
  if (find()) return find();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && fs.existsSync('/usr/bin/apt-get')) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', 'nginx-light'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return find();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts nginx as a plain reverse proxy in front of `upstreamOrigin`, adding the bearer key the way
 * Runwatch does, with upstream keep-alive: the baseline a BFF is compared against. A second port
 * (`cachedOrigin`) serves the same through a 1 s microcache (`proxy_cache`): the baseline for
 * Runwatch's cached reads, each answer stored once and served as stored to every client until it
 * is a second old, one request upstream per refresh (`proxy_cache_lock`).
 */
export async function startNginxProxy(
  binary: string,
  upstreamOrigin: string,
  apiKey: string,
): Promise<{ origin: string; cachedOrigin: string; pid: number; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-bench-nginx-'));
  const port = await freePort();
  const cachedPort = await freePort();
  // Run as root, nginx's workers drop to `nobody`: they must reach and write the cache.
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, 'cache'));
  fs.chmodSync(path.join(dir, 'cache'), 0o777);
  const proxyToSim = `proxy_pass http://sim;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer ${apiKey}";
      proxy_redirect off;`;
  const upstream = new URL(upstreamOrigin);
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  # As nginx is usually run: an access log line per request.
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream sim { server ${upstream.hostname}:${upstream.port}; keepalive 32; }
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=micro:10m max_size=256m inactive=60s use_temp_path=off;
  server {
    listen 127.0.0.1:${port};
    location / {
      ${proxyToSim}
    }
  }
  server {
    listen 127.0.0.1:${cachedPort};
    location / {
      ${proxyToSim}
      proxy_cache micro;
      proxy_cache_valid 200 1s;
      proxy_cache_lock on;
      proxy_cache_use_stale updating;
      proxy_ignore_headers Cache-Control Expires Set-Cookie Vary;
      add_header X-Cache $upstream_cache_status;
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(binary, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    try {
      await fetch(`${origin}/v2/test`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    origin,
    cachedOrigin: `http://127.0.0.1:${cachedPort}`,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGQUIT');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
