import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes with scrypt. Each hash carries its own parameters and random salt
 * (`$scrypt$ln=17,r=8,p=1$<salt>$<hash>`, base64), so parameters can be raised later without
 * invalidating stored passwords: `needsRehash` tells sign-in to upgrade an old hash.
 */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  /** Block size; memory used is 128 · N · r bytes. */
  r: number;
  p: number;
}

/** OWASP's recommended minimum: N = 2^17, r = 8, p = 1 — 128 MiB and a few hundred ms per hash. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { logN: 17, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PREFIX = '$scrypt$';
/** Upper bounds when reading a stored hash, so a tampered row cannot make one sign-in eat the machine. */
const MAX_LOG_N = 20;
const MAX_R = 32;
const MAX_P = 16;
/** Hashes running at once; each holds 128 MiB, and a burst of sign-ins must not exhaust memory. */
const MAX_CONCURRENT_HASHES = 2;
/**
 * Sign-ins allowed to wait for a hash slot. Anyone can ask for a sign-in, so beyond this the
 * answer is "busy" at once instead of an ever-longer queue that starves everyone else.
 */
export const MAX_WAITING_SIGN_IN_HASHES = 8;

/** Too many sign-ins are already waiting for a hash; the caller should answer "busy". */
export class HashingBusyError extends Error {
  constructor() {
    super('too many password checks are waiting');
    this.name = 'HashingBusyError';
  }
}

/**
 * `wait`: queue however long it gets (the users command, a signed-in password change).
 * `refuse`: throw HashingBusyError when the queue is full (anonymous sign-in).
 */
export type WhenBusy = 'wait' | 'refuse';

function memoryNeeded(params: ScryptParams): number {
  return 128 * 2 ** params.logN * params.r * (params.p + 1) + 16 * 1024 * 1024;
}

let running = 0;
/** Hashes running per share (a client address); a freed slot goes to the share running fewest. */
const runningByShare = new Map<string, number>();
/** `patient`: asked to wait (a known address, the users command), so it is served before the others. */
const waiting: Array<{ share: string | null; patient: boolean; resume: () => void }> = [];

function runningFor(share: string | null): number {
  return share === null ? 0 : (runningByShare.get(share) ?? 0);
}

/**
 * Who gets a freed slot: patient waiters first (anonymous floods are never patient), then the share
 * with the fewest hashes running, then whoever has waited longest.
 */
function nextWaiter(): (() => void) | undefined {
  const rank = (i: number) => (waiting[i]!.patient ? 0 : 1_000_000) + runningFor(waiting[i]!.share);
  let best = -1;
  for (let i = 0; i < waiting.length; i += 1) {
    if (best === -1 || rank(i) < rank(best)) best = i;
  }
  return best === -1 ? undefined : waiting.splice(best, 1)[0]!.resume;
}

async function withHashSlot<T>(whenBusy: WhenBusy, share: string | null, work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) {
    if (whenBusy === 'refuse' && waiting.length >= MAX_WAITING_SIGN_IN_HASHES) throw new HashingBusyError();
    await new Promise<void>((resume) => waiting.push({ share, patient: whenBusy === 'wait', resume }));
  }
  running += 1;
  if (share !== null) runningByShare.set(share, runningFor(share) + 1);
  try {
    return await work();
  } finally {
    running -= 1;
    if (share !== null) {
      const left = runningFor(share) - 1;
      if (left > 0) runningByShare.set(share, left);
      else runningByShare.delete(share);
    }
    nextWaiter()?.();
  }
}

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number, whenBusy: WhenBusy, share: string | null = null): Promise<Buffer> {
  return withHashSlot(
    whenBusy,
    share,
    () =>
      new Promise<Buffer>((resolve, reject) => {
        // NFC so the same passphrase typed on different systems (composed vs decomposed accents) matches.
        scrypt(password.normalize('NFC'), salt, keyLength, { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: memoryNeeded(params) }, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

function format(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return `${PREFIX}ln=${params.logN},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS, whenBusy: WhenBusy = 'wait'): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return format(params, salt, await derive(password, salt, params, KEY_BYTES, whenBusy));
}

/** Blocks the thread: only for startup, before the server accepts requests. */
export function hashPasswordSync(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): string {
  const salt = randomBytes(SALT_BYTES);
  const key = scryptSync(password.normalize('NFC'), salt, KEY_BYTES, {
    N: 2 ** params.logN,
    r: params.r,
    p: params.p,
    maxmem: memoryNeeded(params),
  });
  return format(params, salt, key);
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const match = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+=*)\$([A-Za-z0-9+/]+=*)$/.exec(stored);
  if (!match) return null;
  const params = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (params.logN < 1 || params.logN > MAX_LOG_N || params.r < 1 || params.r > MAX_R || params.p < 1 || params.p > MAX_P) {
    return null;
  }
  const salt = Buffer.from(match[4] ?? '', 'base64');
  const key = Buffer.from(match[5] ?? '', 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { params, salt, key };
}

/**
 * True when `password` matches `stored`. A malformed stored hash never matches. `share` (the
 * client address of a sign-in) makes slots go round fairly: one address flooding the line does not
 * get every freed slot.
 */
export async function verifyPassword(password: string, stored: string, whenBusy: WhenBusy = 'wait', share: string | null = null): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.params, parsed.key.length, whenBusy, share);
  return timingSafeEqual(candidate, parsed.key);
}

/** True when `stored` was made with weaker parameters than `params` (or cannot be read). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  return parsed.params.logN < params.logN || parsed.params.r < params.r || parsed.params.p < params.p || parsed.key.length < KEY_BYTES;
}

/** A hash of a random password: verifying against it costs the same as a real account. */
export function createDummyHash(params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  return hashPassword(randomBytes(24).toString('base64'), params);
}
