import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';
import { buildRunwatch } from '../../src/server/wiring/build-runwatch';
import { reportReady } from './bench-child';

/**
 * Runwatch for the overhead benchmark, built by the production wiring (`buildRunwatch`, as
 * `src/server/main.ts` builds it: real sign-in and sessions, the stores, info-level logging on
 * stdout, where the access line is a debug line and so not written), with the upstream events not
 * followed (nginx has nothing like them) and two differences: the reuse window is 0, so every read
 * really goes upstream (or 1 s with `cache: 'microcache'`, to compare with nginx's microcache), and
 * the upstream request budget is lifted, since nginx has none either. No SPA build is served.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as {
  baseUrl: string;
  apiKey: string;
  admin: { name: string; password: string };
  /** `microcache`: every run's copy is shared for 1 s, as nginx's microcache keeps an answer. */
  cache?: 'off' | 'microcache';
  /** Where to write a V8 CPU profile of the reads served after the first `profileAfter` (to stop). */
  profile?: string;
  /** Requests served before the profile starts: the code is optimised by then, as in the rounds. */
  profileAfter?: number;
};
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-bench-bff-'));
const config = loadConfig({
  TASK_API_URL: options.baseUrl,
  TASK_API_KEY: options.apiKey,
  RUNWATCH_DATA_DIR: dataDir,
  RUNWATCH_BOOTSTRAP_ADMIN: `${options.admin.name}:${options.admin.password}`,
  HOST: '127.0.0.1',
  PORT: '0',
  RUNWATCH_EVENTS: 'off',
});
const log = createLogger({ level: config.logLevel });
const built = await buildRunwatch({
  config,
  log,
  upstream: { baseUrl: options.baseUrl, apiKey: options.apiKey },
  tuning: {
    budget: { limit: 1_000_000, burst: 100_000 },
    cache:
      options.cache === 'microcache'
        ? { activeTtlMs: 1000, activeTtlWithEventsMs: 1000, terminalTtlMs: 1000, listTtlMs: 1000, failureTtlMs: 1000 }
        : { activeTtlMs: 0, terminalTtlMs: 0, listTtlMs: 0, failureTtlMs: 0 },
  },
});
const server = http.createServer(built.requestListener).listen(0, '127.0.0.1');
await new Promise<void>((resolve) => server.once('listening', resolve));
built.start();

/** Started when request number `profileAfter` + 1 arrives (the first request when none are to be skipped). */
let profiler: Promise<{ stop(): Promise<unknown> }> | null = null;
if (options.profile) {
  let served = 0;
  server.on('request', function countUntilProfiled() {
    if (served++ < (options.profileAfter ?? 0)) return;
    server.off('request', countUntilProfiled);
    profiler = startCpuProfile();
  });
}

reportReady({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, async () => {
  if (profiler && options.profile) fs.writeFileSync(options.profile, JSON.stringify(await (await profiler).stop()));
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await built.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Samples this process's CPU (as `--cpu-prof` does) from now until `stop`, which returns the profile. */
async function startCpuProfile(): Promise<{ stop(): Promise<unknown> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}
