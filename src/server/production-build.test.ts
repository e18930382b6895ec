import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../scripts/server-node-flags.mjs';

/**
 * The production build: scripts/build-server.mjs bundles the server, and plain `node` runs the
 * bundle (no tsx, no TypeScript) laid out as in the image: package.json, node_modules, dist/server
 * and dist/web side by side. The SPA here is a stand-in page; `vite build` is the e2e suite's part.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const SPA_MARKER = 'runwatch-build-test-page';

let dir: string;
let child: ChildProcess | null = null;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-build-'));
  await run(process.execPath, [path.join(ROOT, 'scripts/build-server.mjs'), '--outdir', path.join(dir, 'dist/server')], { cwd: ROOT });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.mkdirSync(path.join(dir, 'dist/web'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dist/web/index.html'), `<!doctype html><title>Runwatch</title><div id="root">${SPA_MARKER}</div>`);
}, 60_000);

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Packages a bundle file imports (`from "x"`, `import "x"`, `import("x")`, `require("x")`). */
function importedPackages(code: string): string[] {
  const found = new Set<string>();
  const statements =
    /^\s*(?:import|export)\s[^;]*?\bfrom\s*"([^"\s]+)"|^\s*import\s*"([^"\s]+)"|\bimport\(\s*"([^"\s]+)"\s*\)|\brequire\(\s*"([^"\s]+)"\s*\)/gm;
  for (const match of code.matchAll(statements)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? match[4]!;
    if (specifier.startsWith('node:') || specifier.startsWith('.')) continue;
    const parts = specifier.split('/');
    found.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
  }
  return [...found];
}

describe('production build', () => {
  it('imports only packages listed in "dependencies" (a production install has nothing else), never tsx', () => {
    const { dependencies } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const builtins = new Set(builtinModules);
    const files = fs.readdirSync(path.join(dir, 'dist/server'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js'));
    expect(files).toContain('main.js');
    const packages = new Set(files.flatMap((name) => importedPackages(fs.readFileSync(path.join(dir, 'dist/server', name), 'utf8'))));
    expect(packages.size).toBeGreaterThan(3);
    expect(packages.has('better-sqlite3')).toBe(true);
    expect([...packages].filter((name) => !builtins.has(name) && !(name in dependencies))).toEqual([]);
    expect(packages.has('tsx')).toBe(false);
  });

  it('starts with plain node and the production options on the embedded simulator: ready, serving the SPA and metrics, and stops on SIGTERM', async () => {
    const started = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(dir, 'dist/server/main.js')], {
      cwd: dir,
      env: { HOME: os.tmpdir(), PORT: '0', RUNWATCH_DATA_DIR: path.join(dir, 'data'), RUNWATCH_LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let stdout = '';
    let stderr = '';
    started.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      started.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /Runwatch is running at (http:\/\/\S+) \(upstream: embedded simulator\)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      void exited.then((code) => reject(new Error(`exited with ${code} before listening: ${stderr}`)));
    });

    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', store: { state: 'ok' } });
    const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(SPA_MARKER);
    const scraped = await fetch(`${url}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('# TYPE runwatch_http_request_duration_seconds histogram');

    started.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
