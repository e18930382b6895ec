import { randomBytes } from 'node:crypto';
import type { ContentCoding } from '../http/accept-encoding';
import { encodeHead, type EncodedHead } from './appendable-body';

/**
 * The encoded heads of shared responses (see appendable-body.ts), one per (key, coding), each
 * tied to the object it was made from: a run's cached copy. A new copy (the reuse window ended,
 * an event or an action forgot the run) is a new object, so the next response builds new bytes
 * once and every later viewer gets those. Bounded in entries and in bytes, least recently used
 * first out. Concurrent requests for a head not built yet share one build.
 */

export interface SharedHead extends EncodedHead {
  /** Names this head's bytes in a weak ETag; unique in this process and across restarts. */
  tag: string;
}

export interface ResponseBytesCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
}

interface Entry {
  owner: object;
  /** Set once built; until then `pending` is shared by every request that asks. */
  head: SharedHead | null;
  pending: Promise<SharedHead> | null;
  size: number;
}

/** Small enough for many open runs, large enough for a few 5 MB outputs in every coding. */
const DEFAULT_MAX_ENTRIES = 2_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export class ResponseBytesCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  /** Tells this process's tags from an earlier one's, so a tag a browser kept never matches new bytes by chance. */
  readonly #epoch = randomBytes(6).toString('base64url');
  #serial = 0;
  #bytes = 0;

  constructor(options: ResponseBytesCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /**
   * The head for `key` in `coding` made from `owner`. `serialize` runs only when no head from this
   * owner is kept; it gives the plain head, which is shared by the codings made from it. It is
   * handed the owner, so a caller can pass one function made once instead of a closure per call.
   */
  head<O extends object>(key: string, owner: O, coding: ContentCoding | null, serialize: (owner: O) => string): SharedHead | Promise<SharedHead> {
    const found = this.#lookup(`${key}\n${coding ?? 'identity'}`, owner);
    if (found) return found.head ?? found.pending!;
    if (coding === null) return this.#keep(`${key}\nidentity`, owner, this.#plain(Buffer.from(serialize(owner))));
    return this.#build(`${key}\n${coding}`, owner, async () => {
      const plain = await this.head(key, owner, null, serialize);
      return { ...(await encodeHead(plain.bytes, coding)), tag: plain.tag };
    });
  }

  /** Drops every head of keys `matches` accepts (their owners are gone for good). */
  forget(matches: (key: string) => boolean): void {
    for (const [key, entry] of this.#entries) {
      if (matches(key.slice(0, key.lastIndexOf('\n')))) this.#drop(key, entry);
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.#entries.size, bytes: this.#bytes };
  }

  #lookup(key: string, owner: object): Entry | null {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    if (entry.owner !== owner) {
      this.#drop(key, entry);
      return null;
    }
    // Most recently used last.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  #plain(bytes: Buffer): SharedHead {
    return { coding: null, bytes, crc: 0, plainLength: bytes.length, tag: `${this.#epoch}.${(++this.#serial).toString(36)}` };
  }

  /** A head made at once (the plain one): no promise, so a miss costs no extra turn either. */
  #keep(key: string, owner: object, head: SharedHead): SharedHead {
    const entry: Entry = { owner, head, pending: null, size: head.bytes.length };
    this.#entries.set(key, entry);
    this.#bytes += entry.size;
    this.#trim();
    return head;
  }

  #build(key: string, owner: object, make: () => Promise<SharedHead>): Promise<SharedHead> {
    const pending = make();
    const entry: Entry = { owner, head: null, pending, size: 0 };
    this.#entries.set(key, entry);
    pending.then(
      (head) => {
        if (this.#entries.get(key) !== entry) return;
        entry.head = head;
        entry.size = head.bytes.length;
        this.#bytes += entry.size;
        this.#trim();
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    this.#trim();
    return pending;
  }

  #drop(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.size;
  }

  #trim(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) return;
      this.#drop(key, entry);
    }
  }
}
