import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundledEntry } from './bundled-entry';
import { SERVER_NODE_FLAGS } from '../../scripts/server-node-flags.mjs';

/**
 * Starts one of the benchmark's servers in a Node process of its own, so the load generator, the
 * upstream and the server under test do not share one event loop (nginx runs in its own process
 * too; anything else would not compare like with like). The child gets its options as JSON in
 * argv, reports `{ ready: info }` over IPC once it listens, and stops on SIGTERM.
 */
export interface BenchChild<T> {
  info: T;
  pid: number;
  stop(): Promise<void>;
}

/** `BENCH_PROFILE_DIR=/tmp/prof npm run bench` writes a V8 CPU profile of every child there. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

/**
 * `bundled`: run the entry bundled as production bundles the server (bundled-entry.ts), on plain
 * node with the options `npm start` gives it (scripts/server-node-flags.mjs); otherwise its sources
 * run through tsx.
 */
export async function startBenchChild<T>(entry: URL, options: unknown, how: { bundled?: boolean } = {}): Promise<BenchChild<T>> {
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const program = how.bundled ? [...SERVER_NODE_FLAGS, await bundledEntry(entry)] : ['--import', 'tsx', fileURLToPath(entry)];
  const child: ChildProcess = spawn(process.execPath, [...profile, ...program, JSON.stringify(options)], {
    // Logs go nowhere (as `stdio: 'ignore'` would); stderr stays visible for crashes.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const info = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry.pathname} did not start within 30 s`)), 30_000);
    child.once('message', (message: { ready?: T }) => {
      clearTimeout(timer);
      if (message.ready === undefined) reject(new Error(`${entry.pathname} sent an unexpected message`));
      else resolve(message.ready);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry.pathname} exited with code ${code} before it was ready`));
    });
  });
  return {
    info,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** For the child side: announce readiness and stop cleanly when asked. */
export function reportReady(info: unknown, stop: () => Promise<void>): void {
  process.send?.({ ready: info });
  process.once('SIGTERM', () => {
    void stop().finally(() => process.exit(0));
  });
  // The parent went away without stopping us (e.g. it crashed): do not linger.
  process.once('disconnect', () => {
    void stop().finally(() => process.exit(0));
  });
}
