import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
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

type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

/**
 * Every response a server sent, as the server produced it (so also responses to requests a test
 * made with plain `fetch`). Bodies are read from a copy in the background; streaming still streams.
 */
export class ResponseRecorder {
  readonly #texts: string[] = [];
  readonly #pending = new Set<Promise<void>>();

  wrap(handler: FetchHandler): FetchHandler {
    return async (request, env) => {
      const response = await handler(request, env);
      const head = `${request.method} ${new URL(request.url).pathname} ${response.status} ${JSON.stringify([...response.headers])}`;
      if (!response.body) {
        this.#texts.push(head);
        return response;
      }
      const copy = response.clone();
      const reading = readAll(copy.body).then((bytes) => {
        this.#texts.push(`${head} ${decoded(bytes, response.headers.get('content-encoding'))}`);
      });
      this.#pending.add(reading);
      void reading.finally(() => this.#pending.delete(reading));
      return response;
    };
  }

  /** What has been recorded so far (bodies still being sent are not in it yet). */
  texts(): readonly string[] {
    return this.#texts;
  }

  /**
   * Waits (boundedly: a body from a source that never ends must not hang the test run) for the
   * bodies still being read, then returns everything recorded.
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

async function readAll(body: ReadableStream<Uint8Array> | null): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch {
    // A client that went away mid-body: what was sent until then is still checked.
  }
  return Buffer.concat(chunks);
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
