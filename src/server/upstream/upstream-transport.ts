import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { UpstreamError } from './upstream-error';

/**
 * One HTTP exchange with the upstream, over a pool of kept-alive connections (node:http with a
 * keep-alive Agent; no pipelining). This is the whole transport: no redirect is ever followed
 * (a 3xx comes back as a status for the caller to refuse), only the headers given are sent (plus
 * `host`, `connection`, `content-length` and `accept-encoding`), and the exchange ends after
 * `timeoutMs` or once the body grows past `maxBytes` (counted after decompression).
 *
 * Why not `fetch`: on Node 20 every fetch builds WHATWG streams, Headers and abort signals; for a
 * BFF that makes one upstream call per read this was the largest share of its CPU time.
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
  headers: http.IncomingHttpHeaders;
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
  const secure = options.origin.protocol === 'https:';
  const agentOptions: http.AgentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    maxFreeSockets: 32,
    // Reuse the most recently used connection, so the ones left idle time out and close.
    scheduling: 'lifo',
  };
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const request = secure ? https.request : http.request;
  const hostname = options.origin.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = options.origin.port ? Number(options.origin.port) : secure ? 443 : 80;

  function send(spec: TransportRequest): Promise<TransportResponse> {
    return new Promise<TransportResponse>((resolve, reject) => {
      const exchange = new Exchange(spec.maxBytes, resolve, reject);
      const headers: http.OutgoingHttpHeaders = { ...spec.headers, 'accept-encoding': ACCEPT_ENCODING };
      if (spec.body !== undefined) headers['content-length'] = Buffer.byteLength(spec.body);
      const req = request({ agent, hostname, port, method: spec.method, path: spec.path, headers }, (res) => exchange.receive(res));
      exchange.start(req, spec.timeoutMs);
      req.end(spec.body);
    });
  }

  return {
    send,
    close: () => agent.destroy(),
  };
}

/** One request and its answer; settles exactly once. */
class Exchange {
  #settled = false;
  #timer: NodeJS.Timeout | undefined;
  #req: http.ClientRequest | undefined;
  #chunks: Buffer[] = [];
  #total = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly resolve: (response: TransportResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  start(req: http.ClientRequest, timeoutMs: number): void {
    this.#req = req;
    this.#timer = setTimeout(() => this.fail(new UpstreamError('timeout', 'the upstream did not answer in time')), timeoutMs);
    req.on('error', (error) => this.fail(new UpstreamError('network', 'could not reach the upstream', { cause: error })));
  }

  receive(res: http.IncomingMessage): void {
    const status = res.statusCode ?? 0;
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      res.resume();
      this.fail(tooLarge(status, this.maxBytes));
      return;
    }
    let body: NodeJS.ReadableStream;
    try {
      body = decoded(res);
    } catch (error) {
      res.resume();
      this.fail(error);
      return;
    }
    res.on('error', (error) => this.fail(new UpstreamError('network', 'could not reach the upstream', { cause: error })));
    // The connection ended before the whole body arrived.
    res.on('close', () => {
      if (!res.complete) this.fail(new UpstreamError('network', 'could not reach the upstream'));
    });
    if (body !== res) {
      body.on('error', (error) =>
        this.fail(new UpstreamError('bad_response', 'the upstream sent a body that could not be decompressed', { httpStatus: status, cause: error })),
      );
    }
    body.on('data', (chunk: Buffer) => this.#collect(chunk, status));
    body.on('end', () => this.#finish(status, res.headers));
  }

  fail(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#req?.destroy();
    this.reject(error);
  }

  #collect(chunk: Buffer, status: number): void {
    this.#total += chunk.byteLength;
    if (this.#total > this.maxBytes) this.fail(tooLarge(status, this.maxBytes));
    else this.#chunks.push(chunk);
  }

  #finish(status: number, headers: http.IncomingHttpHeaders): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.#timer);
    const chunks = this.#chunks;
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, this.#total).toString('utf8');
    this.resolve({ status, headers, text });
  }
}

/** Said when the body passes the cap; the setting that raises it is named so an admin knows what to change. */
function tooLarge(status: number, maxBytes: number): UpstreamError {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MiB` : `${maxBytes} bytes`;
  return new UpstreamError('bad_response', `the upstream response is larger than the ${limit} Runwatch accepts (RUNWATCH_UPSTREAM_MAX_BODY_MB)`, {
    httpStatus: status,
  });
}

/** The body stream, decompressed per `Content-Encoding`; an encoding we did not offer is refused. */
function decoded(res: http.IncomingMessage): NodeJS.ReadableStream {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return res;
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : null;
  if (!decoder) {
    throw new UpstreamError('bad_response', 'the upstream answered with an unsupported content encoding', { httpStatus: res.statusCode ?? null });
  }
  return res.pipe(decoder);
}
