import { deadlineSignal } from '@/contract/deadline-signal';
import { USER_AGENT } from '../upstream/upstream-client';

/**
 * Downloads a screenshot or captured file from the signed URL the upstream gave us. The URL comes
 * from an upstream run object, never from the browser, and still has to pass an allow-list: its
 * host must be the upstream's own or one named in RUNWATCH_FILE_HOSTS, over https (plain http only
 * for loopback or the configured upstream host), with no credentials in it. Redirects are refused
 * and no credentials are sent — signed URLs carry their own authorisation.
 */

export type FileFetchFailure = 'not_allowed' | 'expired' | 'not_found' | 'failed' | 'timeout' | 'too_large';

export class FileFetchError extends Error {
  constructor(
    readonly kind: FileFetchFailure,
    message: string,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = 'FileFetchError';
  }
}

export interface SignedFileFetcherOptions {
  /** `host[:port]` of the upstream API. */
  upstreamHost: string;
  /** Extra allowed hosts, lower-case `host` (any port) or `host:port`. */
  extraHosts: readonly string[];
  /** Until response headers arrive. */
  headersTimeoutMs?: number;
  /** For the whole download, body included. */
  totalTimeoutMs?: number;
  /** Largest body passed on: refused up front by Content-Length, cut off while streaming otherwise. */
  maxBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

export type SignedFileFetcher = (url: string) => Promise<Response>;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isAllowedFileUrl(raw: string, options: Pick<SignedFileFetcherOptions, 'upstreamHost' | 'extraHosts'>): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const host = url.host.toLowerCase();
  const upstreamHost = options.upstreamHost.toLowerCase();
  const listed = host === upstreamHost || options.extraHosts.some((entry) => entry === host || entry === url.hostname.toLowerCase());
  if (!listed) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (LOOPBACK.has(url.hostname.toLowerCase()) || host === upstreamHost);
}

export function createSignedFileFetcher(options: SignedFileFetcherOptions): SignedFileFetcher {
  const headersTimeoutMs = options.headersTimeoutMs ?? 10_000;
  const totalTimeoutMs = options.totalTimeoutMs ?? 120_000;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;

  return async (url) => {
    if (!isAllowedFileUrl(url, options)) throw new FileFetchError('not_allowed', 'the file link points to a host Runwatch does not download from');
    // Not cleared once headers arrive: it also bounds the body, which streams on after this returns.
    const total = deadlineSignal(totalTimeoutMs);
    // Only the wait for headers is bounded this tightly; a large body may take longer.
    const waitingForHeaders = new AbortController();
    const headersTimer = setTimeout(() => waitingForHeaders.abort(), headersTimeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'GET',
        headers: { accept: '*/*', 'user-agent': USER_AGENT },
        redirect: 'manual',
        signal: AbortSignal.any([total.signal, waitingForHeaders.signal]),
      });
    } catch {
      if (total.signal.aborted || waitingForHeaders.signal.aborted) throw new FileFetchError('timeout', 'the file host did not answer in time');
      throw new FileFetchError('failed', 'the file host could not be reached');
    } finally {
      clearTimeout(headersTimer);
    }
    if (response.status === 200) return await capped(response, maxBytes);
    await response.body?.cancel().catch(() => {});
    // Signed links answer 403 (sometimes 401 or 400) once their signature has expired.
    if (response.status === 403 || response.status === 401 || response.status === 400) {
      throw new FileFetchError('expired', 'the file link has expired', response.status);
    }
    if (response.status === 404 || response.status === 410) throw new FileFetchError('not_found', 'the file is no longer available', response.status);
    throw new FileFetchError('failed', `the file host answered HTTP ${response.status}`, response.status);
  };
}

/**
 * The response with its body limited to `maxBytes`: a declared length above it is refused before
 * anything is sent on; a body that runs past it (no or a false Content-Length) is cut off with an
 * error, which aborts the download from the file host and the response to the browser.
 */
async function capped(response: Response, maxBytes: number): Promise<Response> {
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d{1,16}$/.test(declared.trim()) && Number(declared) > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new FileFetchError('too_large', tooLargeMessage(maxBytes), response.status);
  }
  if (!response.body) return response;
  let seen = 0;
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new FileFetchError('too_large', tooLargeMessage(maxBytes), response.status));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: response.status, headers: response.headers });
}

export function tooLargeMessage(maxBytes: number): string {
  return `the file is larger than the ${Math.round(maxBytes / (1024 * 1024))} MB Runwatch passes on (RUNWATCH_MAX_FILE_MB)`;
}
