import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { negotiateEncoding, varyOnAcceptEncoding } from '../http/accept-encoding';

/** Smaller bodies go as they are: gzip would save a few bytes and cost more than it saves. */
export const COMPRESS_MIN_BYTES = 1024;
/** Up to this size gzip runs inline (tens of µs); larger bodies (a 5 MB output) stream through the thread pool. */
const INLINE_MAX_BYTES = 64 * 1024;

/** `c.body` and `c.json` as they behave at run time; their typed overloads are about route schemas. */
type HeaderRecord = Record<string, string | string[]>;
type SendBody = (data: string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>, arg?: unknown, headers?: HeaderRecord) => Response;

/**
 * Gzips `/api` JSON answers above COMPRESS_MIN_BYTES for clients that accept it, and marks every
 * JSON answer `Vary: Accept-Encoding`.
 *
 * It works where the JSON is made: `c.json` is replaced for the request, so the text is compressed
 * as it is produced. Reading it back out of a finished Response instead cost the server more than
 * the compression itself. Downloads (screenshots, files) are Responses streamed on from the file
 * host, not `c.json`, so they pass untouched and keep streaming.
 */
export function compressJson(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    useCompressedJson(c);
    await next();
  };
}

/** What `compressJson` does before the handler: `c.json` of this request compresses as it sends. */
export function useCompressedJson(c: Context<AppEnv>): void {
  const send = c.body as SendBody;
  const json = (object: unknown, arg?: unknown, headers?: HeaderRecord): Response => {
    // Negotiated only when JSON is sent: routes that send their own bytes (a run's shared body) skip it.
    const coded = compressedJson(JSON.stringify(object), c.req.method === 'HEAD' ? undefined : c.req.header('Accept-Encoding'));
    const typed = { 'Content-Type': 'application/json', ...headers };
    const response = coded.gzip ? send(webBody(coded.body), arg, { ...typed, 'Content-Encoding': 'gzip' }) : send(coded.body, arg, typed);
    varyOnAcceptEncoding(response.headers);
    return response;
  };
  c.json = json as unknown as Context<AppEnv>['json'];
}

/**
 * A JSON text as `c.json` sends it: gzipped for a client that accepts gzip when at least
 * COMPRESS_MIN_BYTES long, else as it is. Pass no `acceptEncoding` for HEAD. Shared with the run
 * read lane (run-read-lane.ts), which sends the app's error envelope itself.
 */
export function compressedJson(text: string, acceptEncoding: string | undefined): { gzip: false; body: string } | { gzip: true; body: Buffer | Readable } {
  const gzip = negotiateEncoding(acceptEncoding, ['gzip']) === 'gzip';
  // UTF-16 length: never more than the UTF-8 byte length, so nothing at or above the limit slips by.
  if (!gzip || text.length < COMPRESS_MIN_BYTES) return { gzip: false, body: text };
  return { gzip: true, body: gzipped(text) };
}

function webBody(body: Buffer | Readable): Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> {
  return body instanceof Readable ? (Readable.toWeb(body) as ReadableStream<Uint8Array>) : (body as Uint8Array<ArrayBuffer>);
}

function gzipped(text: string): Buffer | Readable {
  if (text.length <= INLINE_MAX_BYTES) return zlib.gzipSync(text);
  const stream = zlib.createGzip();
  stream.end(text);
  return stream;
}
