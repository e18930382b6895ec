import type { IncomingHttpHeaders } from 'node:http';
import zlib from 'node:zlib';
import { Pool, type Dispatcher } from 'undici';
import { UpstreamError } from './upstream-error';

/**
 * One HTTP exchange with the upstream, over a pool of kept-alive connections (undici's `Pool`, one
 * request at a time per connection: no pipelining). This is the whole transport: no redirect is
 * ever followed (a 3xx comes back as a status for the caller to refuse), only the headers given are
 * sent (plus `host`, `connection`, `content-length` and `accept-encoding`), and the exchange ends
 * after `timeoutMs` or once the body grows past `maxBytes` (counted after decompression).
 *
 * Why not `fetch`: on Node 20 every fetch builds WHATWG streams, Headers and abort signals; for a
 * BFF that makes one upstream call per read this was the largest share of its CPU time.
 * Why undici's `Pool#dispatch` rather than node:http: node:http builds a ClientRequest, an
 * IncomingMessage and their stream and socket event plumbing per call; `dispatch` hands the status,
 * headers and body chunks straight to a plain handler object (the controller API: `onRequestStart`
 * … `onResponseError`). For a GET of ~5 kB JSON that was about 40 µs of CPU per call against
 * ~105 µs with a keep-alive `http.Agent`, and about 0.1 ms less per pass-through read in
 * bench/bff-overhead.ts. `pool.request` cost ~15 µs more per call than `dispatch`: it wraps the
 * body in a Readable and the call in a promise of its own.
 */

export interface TransportRequest {
  method: 'GET' | 'POST';
  /** Path and query, below the origin (e.g. `/v2/task-runs/trun_1?include=input`). */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** For the whole exchange: connecting, waiting, and reading the body. */
  timeoutMs: number;
  maxBytes: number;
}

export interface TransportResponse {
  status: number;
  /** Lower-cased names; repeated headers joined as node:http joins them (see `joinRepeated`). */
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text (decompressed). */
  text: string;
}

export interface UpstreamTransport {
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Closes idle pooled connections (open ones end with their exchange). */
  close(): void;
}

export interface UpstreamTransportOptions {
  /** Upstream origin, `http:` or `https:`. */
  origin: URL;
  /** Most connections open to the upstream at once; further calls wait for a free one. */
  maxSockets?: number;
}

/** What the transport asks for; the upstream may still answer uncompressed. */
const ACCEPT_ENCODING = 'gzip, deflate, br';

export function createUpstreamTransport(options: UpstreamTransportOptions): UpstreamTransport {
  const newPool = () =>
    new Pool(options.origin.origin, {
      connections: options.maxSockets ?? 64,
      pipelining: 1,
      // Each exchange keeps one deadline of its own (`timeoutMs`), so undici's per-phase timers are off.
      headersTimeout: 0,
      bodyTimeout: 0,
      // An idle connection closes 2 s before the upstream's announced `Keep-Alive: timeout`, or after
      // 4 s when it announces none (before a server's usual 5 s), so it is never reused as it closes.
      keepAliveTimeout: 4_000,
    });
  let pool = newPool();
  /**
   * A request undici refuses as it hands it to a connection (a path or header it will not send)
   * leaves that idle connection marked busy for good: left alone, every such call would cost the
   * pool a connection. The call fails; a new pool serves the next ones, and the old one closes once
   * its calls under way are done.
   */
  const retire = (refusedBy: Pool) => {
    if (refusedBy !== pool) return;
    pool = newPool();
    refusedBy.close().catch(() => {});
  };

  function send(spec: TransportRequest): Promise<TransportResponse> {
    return new Promise<TransportResponse>((resolve, reject) => {
      const exchange = new Exchange(spec.maxBytes, resolve, reject, pool, retire);
      const given = Object.keys(spec.headers);
      const headers: string[] = [];
      for (const name of given) headers.push(name, spec.headers[name]!);
      headers.push('accept-encoding', ACCEPT_ENCODING);
      exchange.start(spec.timeoutMs);
      // undici adds `content-length` for a body itself.
      pool.dispatch({ method: spec.method, path: spec.path, headers, body: spec.body ?? null }, exchange);
    });
  }

  return {
    send,
    close: () => {
      pool.close().catch(() => {});
    },
  };
}

/** What undici throws when it will not send a request as given (a path or header it refuses). */
const REFUSALS = new Set<unknown>(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);

/** One request and its answer, as undici's dispatch handler; settles exactly once. */
class Exchange implements Dispatcher.DispatchHandler {
  #settled = false;
  #timer: NodeJS.Timeout | undefined;
  #controller: Dispatcher.DispatchController | undefined;
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  #decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null = null;
  #chunks: Buffer[] = [];
  #total = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly resolve: (response: TransportResponse) => void,
    private readonly reject: (error: unknown) => void,
    private readonly pool: Pool,
    private readonly retire: (refusedBy: Pool) => void,
  ) {}

  start(timeoutMs: number): void {
    this.#timer = setTimeout(() => this.fail(new UpstreamError('timeout', 'the upstream did not answer in time')), timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    // Timed out while waiting for a free connection: dropped before anything is written, and the
    // connection stays open for the next call (aborting would close it).
    if (this.#settled) throw new UpstreamError('timeout', 'the upstream did not answer in time');
  }

  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: IncomingHttpHeaders): void {
    this.#status = status;
    this.#headers = joinRepeated(headers);
    const declared = Number(this.#headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      this.fail(tooLarge(status, this.maxBytes));
      return;
    }
    const encoding = String(this.#headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    if (encoding === '' || encoding === 'identity') return;
    const decoder = decoderFor(encoding);
    if (!decoder) {
      this.fail(new UpstreamError('bad_response', 'the upstream answered with an unsupported content encoding', { httpStatus: status }));
      return;
    }
    this.#decoder = decoder;
    decoder.on('data', (chunk: Buffer) => this.#collect(chunk));
    decoder.on('error', (error) =>
      this.fail(new UpstreamError('bad_response', 'the upstream sent a body that could not be decompressed', { httpStatus: status, cause: error })),
    );
    decoder.on('end', () => this.#finish());
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled) return;
    if (!this.#decoder) {
      this.#collect(chunk);
      return;
    }
    // The decompressor sets the pace: compressed input never piles up in it unread (the limit
    // counts what comes out of it).
    if (!this.#decoder.write(chunk)) {
      controller.pause();
      this.#decoder.once('drain', () => controller.resume());
    }
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    if (this.#decoder) this.#decoder.end();
    else this.#finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    // Refused before it reached a connection (no controller yet): undici will not send it as given.
    if (this.#controller === undefined && REFUSALS.has((error as { code?: unknown }).code)) {
      this.retire(this.pool);
      this.fail(new UpstreamError('network', `the request could not be sent to the upstream: ${error.message}`, { cause: error }));
      return;
    }
    // Our own abort (timeout, too large) comes back here too, after the exchange has settled.
    this.fail(new UpstreamError('network', 'could not reach the upstream', { cause: error }));
  }

  fail(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#decoder?.destroy();
    // Cuts the exchange and closes its connection; a no-op once the response has ended.
    this.#controller?.abort(error as Error);
    this.reject(error);
  }

  #collect(chunk: Buffer): void {
    this.#total += chunk.byteLength;
    if (this.#total > this.maxBytes) this.fail(tooLarge(this.#status, this.maxBytes));
    else this.#chunks.push(chunk);
  }

  #finish(): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    const chunks = this.#chunks;
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, this.#total).toString('utf8');
    const response: TransportResponse = { status: this.#status, headers: this.#headers, text };
    // Handed on after undici frees the connection (it waits one event-loop turn before reusing it),
    // so a caller's next call takes this connection instead of opening another one.
    queueMicrotask(() => setImmediate(this.resolve, response));
  }
}

/** Said when the body passes the cap; the setting that raises it is named so an admin knows what to change. */
function tooLarge(status: number, maxBytes: number): UpstreamError {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MiB` : `${maxBytes} bytes`;
  return new UpstreamError('bad_response', `the upstream response is larger than the ${limit} Runwatch accepts (RUNWATCH_UPSTREAM_MAX_BODY_MB)`, {
    httpStatus: status,
  });
}

/** A decompressor per `Content-Encoding` we offer; null for one we did not offer. */
function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return zlib.createInflate();
  if (encoding === 'br') return zlib.createBrotliDecompress();
  return null;
}

/** Headers node:http keeps only the first of when repeated (its `matchKnownFields`). */
const FIRST_ONLY = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/**
 * undici gives a repeated header as an array of its values; node:http keeps the first of some,
 * joins `cookie` with `; `, gives `set-cookie` as an array (of one value too) and joins the rest with `, `. The same
 * is done here, so callers read the shape they would from an IncomingMessage.
 */
function joinRepeated(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  for (const name in headers) {
    const value = headers[name];
    if (name === 'set-cookie') {
      if (typeof value === 'string') headers[name] = [value];
      continue;
    }
    if (!Array.isArray(value)) continue;
    headers[name] = FIRST_ONLY.has(name) ? value[0] : value.join(name === 'cookie' ? '; ' : ', ');
  }
  return headers;
}
