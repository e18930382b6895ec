import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { RequestListener, ServerResponse } from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * Test support: the upstream key every test server uses, and the check that it never got out.
 * The test servers run it when they close, so every suite that starts one enforces it: no
 * response (status, headers, body), log line, audit entry or byte of a file in the data dir may
 * contain the key.
 */

/** Looks like a real key; must never show up in a response, a log line, an audit entry or on disk. */
export const CANARY_KEY = `sk_live_CANARY_${randomBytes(12).toString('hex')}`;
const CANARY_MARK = CANARY_KEY.slice('sk_live_'.length);

/**
 * Every response a server sent, as the server wrote it (so also responses to requests a test made
 * with plain `fetch`, and those of the run read lane in front of the app): its status, headers and
 * body bytes, decoded. Recorded as it finishes; streaming still streams.
 */
export class ResponseRecorder {
  readonly #texts: string[] = [];
  readonly #pending = new Set<Promise<void>>();

  wrap(listener: RequestListener): RequestListener {
    return (incoming, outgoing) => {
      const chunks: Buffer[] = [];
      const heads: unknown[] = [];
      const keep = (chunk: unknown) => {
        if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
        else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
      };
      const writeHead = outgoing.writeHead.bind(outgoing) as (...args: unknown[]) => ServerResponse;
      const write = outgoing.write.bind(outgoing) as (...args: unknown[]) => boolean;
      const end = outgoing.end.bind(outgoing) as (...args: unknown[]) => ServerResponse;
      outgoing.writeHead = ((...args: unknown[]) => {
        heads.push(args.slice(1));
        return writeHead(...args);
      }) as ServerResponse['writeHead'];
      outgoing.write = ((...args: unknown[]) => {
        keep(args[0]);
        return write(...args);
      }) as ServerResponse['write'];
      outgoing.end = ((...args: unknown[]) => {
        keep(args[0]);
        return end(...args);
      }) as ServerResponse['end'];
      const recorded = new Promise<void>((resolve) => {
        outgoing.once('close', () => {
          const pathname = (incoming.url ?? '').split('?', 1)[0];
          const head = `${incoming.method} ${pathname} ${outgoing.statusCode} ${JSON.stringify([outgoing.getHeaders(), heads])}`;
          const encoding = outgoing.getHeader('content-encoding') ?? contentEncodingOf(heads);
          this.#texts.push(`${head} ${decoded(Buffer.concat(chunks), typeof encoding === 'string' ? encoding : null)}`);
          resolve();
        });
      });
      this.#pending.add(recorded);
      void recorded.finally(() => this.#pending.delete(recorded));
      return listener(incoming, outgoing);
    };
  }

  /** What has been recorded so far (responses still being sent are not in it yet). */
  texts(): readonly string[] {
    return this.#texts;
  }

  /**
   * Waits (boundedly: a body from a source that never ends must not hang the test run) for the
   * responses still being sent, then returns everything recorded.
   */
  async settled(timeoutMs = 2_000): Promise<readonly string[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.#pending]), timeout]);
    clearTimeout(timer);
    return this.#texts;
  }
}

/** The Content-Encoding named in headers given to `writeHead` (a flat list or an object). */
function contentEncodingOf(heads: unknown[]): string | null {
  for (const args of heads as unknown[][]) {
    const headers = args.find((arg) => typeof arg === 'object' && arg !== null);
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) {
        if (String(headers[i]).toLowerCase() === 'content-encoding') return String(headers[i + 1]);
      }
    } else if (headers) {
      for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === 'content-encoding') return String(value);
    }
  }
  return null;
}

/** The body as text, undoing Content-Encoding (a compressed key would not be found otherwise). */
function decoded(bytes: Buffer, encoding: string | null): string {
  try {
    switch (encoding?.trim().toLowerCase()) {
      case 'gzip':
        return zlib.gunzipSync(bytes).toString('latin1');
      case 'br':
        return zlib.brotliDecompressSync(bytes).toString('latin1');
      case 'deflate':
        return zlib.inflateSync(bytes).toString('latin1');
      default:
        return bytes.toString('latin1');
    }
  } catch (error) {
    return `(undecodable ${encoding} body: ${String(error)}) ${bytes.toString('latin1')}`;
  }
}

export interface CanaryPlaces {
  responses?: readonly string[];
  logs?: readonly string[];
  audits?: readonly unknown[];
  /** Every file under it is read as bytes (databases, their WAL files, secrets). */
  dataDir?: string;
}

/** Where the key showed up, one line per place (empty when nowhere). */
export function findCanary(places: CanaryPlaces): string[] {
  const found: string[] = [];
  const check = (where: string, text: string) => {
    const at = text.indexOf(CANARY_MARK);
    // The start says which response or line it was; the rest shows the key in its context.
    if (at >= 0) found.push(`${where}: ${text.slice(0, 120)} … ${text.slice(Math.max(0, at - 150), at + 150)}`);
  };
  for (const text of places.responses ?? []) check('response', text);
  for (const line of places.logs ?? []) check('log line', line);
  for (const entry of places.audits ?? []) check('audit entry', JSON.stringify(entry));
  if (places.dataDir && fs.existsSync(places.dataDir)) {
    for (const name of fs.readdirSync(places.dataDir, { recursive: true, encoding: 'utf8' })) {
      const file = path.join(places.dataDir, name);
      if (fs.statSync(file).isFile()) check(`file ${name}`, fs.readFileSync(file).toString('latin1'));
    }
  }
  return found;
}

export class CanaryLeakError extends Error {
  constructor(readonly places: string[]) {
    super(`the upstream key leaked in ${places.length} place(s):\n${places.join('\n')}`);
    this.name = 'CanaryLeakError';
  }
}

export function assertNoCanary(places: CanaryPlaces): void {
  const found = findCanary(places);
  if (found.length > 0) throw new CanaryLeakError(found);
}
