import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { ContentCoding } from '../http/accept-encoding';

/**
 * The content-hashed build files (`/assets/…`) held in memory with their gzip and brotli forms.
 * A hashed file never changes, so each is read and compressed once, at the best settings (off the
 * event loop, in the thread pool) — the build is a few hundred kB. `warm()` does it for every file
 * at start so the first visitor does not wait; a file not warmed is done on its first request.
 */

export interface CachedAsset {
  raw: Uint8Array<ArrayBuffer>;
  /** Only the codings that came out smaller than the file, in order of preference. */
  encoded: Partial<Record<ContentCoding, Uint8Array<ArrayBuffer>>>;
  codings: ContentCoding[];
}

/** Files that are already compressed (images, woff2) gain nothing from gzip or brotli. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.html', '.webmanifest', '.ico', '.woff']);
/** Larger files are served from disk as they are instead of being held in memory. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** All of the build held in memory at most; a build beyond that is not the small SPA this is for. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

export class AssetCache {
  readonly #loading = new Map<string, Promise<CachedAsset | null>>();
  #totalBytes = 0;

  /** The cached asset for an absolute file path, or null when it is not a file or too big to hold. */
  get(file: string): Promise<CachedAsset | null> {
    let pending = this.#loading.get(file);
    if (!pending) {
      pending = this.#load(file).then(
        (asset) => {
          // Not a file (yet): ask the disk again next time instead of remembering the miss.
          if (!asset) this.#loading.delete(file);
          return asset;
        },
        (error: unknown) => {
          this.#loading.delete(file);
          throw error;
        },
      );
      this.#loading.set(file, pending);
    }
    return pending;
  }

  /** Loads every file directly in `dir`; failures are left for the first request to meet. */
  async warm(dir: string): Promise<void> {
    let names: string[];
    try {
      names = await fs.promises.readdir(dir);
    } catch {
      return;
    }
    await Promise.allSettled(names.filter((name) => !name.startsWith('.')).map((name) => this.get(path.join(dir, name))));
  }

  async #load(file: string): Promise<CachedAsset | null> {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      return null;
    }
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES || this.#totalBytes + stat.size > MAX_TOTAL_BYTES) return null;
    const raw = new Uint8Array(await fs.promises.readFile(file));
    const encoded: CachedAsset['encoded'] = {};
    if (COMPRESSIBLE.has(path.extname(file).toLowerCase())) {
      const [br, gz] = await Promise.all([
        brotli(raw, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength,
          },
        }),
        gzip(raw, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]);
      if (br.byteLength < raw.byteLength) encoded.br = br;
      if (gz.byteLength < raw.byteLength) encoded.gzip = gz;
    }
    const codings = (['br', 'gzip'] as const).filter((coding) => encoded[coding] !== undefined);
    this.#totalBytes += raw.byteLength + (encoded.br?.byteLength ?? 0) + (encoded.gzip?.byteLength ?? 0);
    return { raw, encoded, codings };
  }
}
