import { DEFAULT_SCRYPT_PARAMS } from '../src/server/auth/password-hash';
import { NAME_THROTTLE } from '../src/server/auth/sign-in-throttle';
import { signIn, startAuthTestServer, type AuthTestServer } from '../src/server/testing/auth-test-server';
import { round } from './support/load';
import { table, type BenchSection } from './support/report';

/**
 * Sign-in under abuse, on loopback (client addresses via X-Forwarded-For from a trusted peer):
 * 1. Distributed lockout: ten addresses each try five wrong passwords for one name; can its owner
 *    still sign in from her usual address, and how long is a new address held off?
 * 2. Anonymous flood: sign-ins for unknown names at the production scrypt cost, from one address
 *    and then from twenty, while a real user signs in once a second. Her success and latency, and
 *    what the flooders got. Bounded: about 20 s in all.
 */
const PASSWORD = 'tin-cactus-orbit-mellow';
const OWNER_ADDRESS = '198.51.100.5';
const FLOOD_MS = 6_000;
const FLOOD_WORKERS = 24;
/** A client that honours "busy" retries after its Retry-After (1 s), at most this many times. */
const BUSY_RETRIES = 2;

const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function distributedLockout(): Promise<{ rows: (string | number)[][]; ownerOk: boolean }> {
  // Cheaper hashing: this part is about who gets locked, not about time.
  const server = await startAuthTestServer({ hashParams: { logN: 12, r: 8, p: 1 }, auth: { trustedProxies: ['127.0.0.1'] } });
  try {
    await server.addAccount('alice', 'operator', PASSWORD);
    const first = await signIn(server.baseUrl, 'alice', PASSWORD, from(OWNER_ADDRESS));
    const counts = new Map<number, number>();
    for (let i = 0; i < 10; i += 1) {
      for (let j = 0; j < 5; j += 1) {
        const status = (await signIn(server.baseUrl, 'alice', `wrong-guess-${j}`, from(`203.0.113.${i}`))).status;
        counts.set(status, (counts.get(status) ?? 0) + 1);
      }
    }
    const owner = await signIn(server.baseUrl, 'alice', PASSWORD, from(OWNER_ADDRESS));
    const fresh = await signIn(server.baseUrl, 'alice', PASSWORD, from('192.0.2.50'));
    return {
      ownerOk: first.status === 200 && owner.status === 200,
      rows: [
        ['50 wrong guesses from 10 addresses', `${counts.get(401) ?? 0} checked (401), ${counts.get(429) ?? 0} refused (429)`],
        ['owner, from her usual address', String(owner.status)],
        [
          'owner, from an address never used',
          `${fresh.status}${fresh.headers.get('retry-after') ? `, Retry-After ${fresh.headers.get('retry-after')} s` : ''}`,
        ],
      ],
    };
  } finally {
    await server.close();
  }
}

interface FloodFigures {
  userTries: number;
  userFirstTry: number;
  userWithRetries: number;
  userLatencies: number[];
  flood: Map<number, number>;
}

async function flood(server: AuthTestServer, flooderAddresses: number): Promise<FloodFigures> {
  const stopAt = Date.now() + FLOOD_MS;
  const flood = new Map<number, number>();
  let sent = 0;
  const worker = async (w: number) => {
    const address = `203.0.113.${100 + (w % flooderAddresses)}`;
    while (Date.now() < stopAt) {
      const status = (await signIn(server.baseUrl, `ghost-${sent++}`, 'wrong-password', from(address))).status;
      flood.set(status, (flood.get(status) ?? 0) + 1);
      // A refused flooder comes back at once; a short pause only keeps the load generator from starving the machine.
      if (status === 429) await sleep(5);
    }
  };
  const figures: FloodFigures = { userTries: 0, userFirstTry: 0, userWithRetries: 0, userLatencies: [], flood };
  const user = async () => {
    await sleep(500);
    while (Date.now() < stopAt - 1_000) {
      figures.userTries += 1;
      const started = performance.now();
      for (let attempt = 0; attempt <= BUSY_RETRIES; attempt += 1) {
        const status = (await signIn(server.baseUrl, 'alice', PASSWORD, from(OWNER_ADDRESS))).status;
        if (status === 200) {
          if (attempt === 0) figures.userFirstTry += 1;
          figures.userWithRetries += 1;
          figures.userLatencies.push(performance.now() - started);
          break;
        }
        if (status !== 503) break;
        await sleep(1_000);
      }
      await sleep(1_000);
    }
  };
  await Promise.all([...Array.from({ length: FLOOD_WORKERS }, (_, w) => worker(w)), user()]);
  return figures;
}

export async function benchSignInAbuse(): Promise<BenchSection> {
  const lockout = await distributedLockout();

  const rows: (string | number)[][] = [];
  const userOk = new Map<number, boolean>();
  for (const addresses of [1, 20]) {
    // Production cost for every check, so the password-check line really fills.
    const server = await startAuthTestServer({ hashParams: DEFAULT_SCRYPT_PARAMS, auth: { trustedProxies: ['127.0.0.1'] } });
    try {
      await server.addAccount('alice', 'operator', PASSWORD);
      // One sign-in with nobody else about: the idle figure (it also makes her address a known one).
      const started = performance.now();
      await signIn(server.baseUrl, 'alice', PASSWORD, from(OWNER_ADDRESS));
      const idleMs = performance.now() - started;
      const f = await flood(server, addresses);
      userOk.set(addresses, f.userWithRetries === f.userTries && f.userTries > 0);
      const floodCounts = [401, 429, 503].map((status) => `${f.flood.get(status) ?? 0} × ${status}`).join(', ');
      rows.push([
        addresses === 1 ? 'one address' : `${addresses} addresses`,
        `${f.userFirstTry}/${f.userTries}`,
        `${f.userWithRetries}/${f.userTries}`,
        `${round(idleMs, 0)} ms`,
        `${round(percentile(f.userLatencies, 50), 0)} / ${round(percentile(f.userLatencies, 95), 0)} ms`,
        floodCounts,
      ]);
    } finally {
      await server.close();
    }
  }

  return {
    title: 'Sign-in under abuse',
    body:
      `**Distributed lockout.** Ten addresses each try five wrong passwords for \`alice\` (per-name soft limit: ` +
      `${NAME_THROTTLE.threshold} failures, at most ${NAME_THROTTLE.maxLockoutMs / 60_000} min, never at a known address).\n\n` +
      table(['case', 'result'], lockout.rows) +
      `\n\n**Anonymous flood.** ${FLOOD_WORKERS} clients sign in for unknown names as fast as they are answered for ` +
      `${FLOOD_MS / 1000} s at the production scrypt cost (N = 2^17), from one address and then from twenty; meanwhile ` +
      `\`alice\` signs in once a second from her own address (a "busy" answer is retried after its Retry-After, at most ` +
      `${BUSY_RETRIES} times). Latency includes those retries.\n\n` +
      table(
        [
          'flood from',
          'user signed in, first try',
          'user signed in, with retries',
          'user latency, idle',
          'user latency under flood (p50 / p95)',
          'flood answers',
        ],
        rows,
      ),
    targets: [
      { name: 'distributed wrong guesses do not lock the owner out at her address', met: lockout.ownerOk, detail: lockout.rows[1]![1] as string },
      { name: 'a one-address flood of unknown names does not stop a real sign-in', met: userOk.get(1) ?? null, detail: String(rows[0]?.[2] ?? 'not measured') },
      {
        name: 'a flood from twenty addresses does not stop a sign-in from a known address',
        met: userOk.get(20) ?? null,
        detail: String(rows[1]?.[2] ?? 'not measured'),
      },
    ],
  };
}
