import { randomBytes } from 'node:crypto';

/** A source of uniform numbers in [0, 1). Seeded for the demo data, crypto-backed otherwise. */
export type Random = () => number;

/** Small seeded PRNG (mulberry32) so the demo seed comes out the same on every start. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function cryptoRandom(): Random {
  return () => randomBytes(4).readUInt32BE(0) / 4294967296;
}

export function randomInt(random: Random, min: number, maxInclusive: number): number {
  return min + Math.floor(random() * (maxInclusive - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() needs a non-empty list');
  return item;
}

const ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789';

/** Ids shaped like the upstream's: a type prefix and ten base-58-ish characters. */
export function makeId(prefix: string, random: Random, length = 10): string {
  let body = '';
  for (let i = 0; i < length; i += 1) body += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
  return `${prefix}${body}`;
}

/** A `req_…` id shaped like the ones the API answers with (14 hex digits). */
export function makeRequestId(random: Random): string {
  let body = '';
  for (let i = 0; i < 14; i += 1) body += Math.floor(random() * 16).toString(16);
  return `req_${body}`;
}

/** Stable 32-bit hash of a string, used to derive per-run variations without storing them. */
export function hashString(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}
