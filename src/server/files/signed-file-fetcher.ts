import { USER_AGENT } from '../upstream/upstream-client';

/**
 * Downloads a screenshot or captured file from the signed URL the upstream gave us. The URL comes
 * from an upstream run object, never from the browser, and still has to pass an allow-list: its
 * host must be the upstream's own or one named in RUNWATCH_FILE_HOSTS, over https (plain http only
 * for loopback or the configured upstream host), with no credentials in it. Redirects are refused
 * and no credentials are sent — signed URLs carry their own authorisation.
 */

export type FileFetchFailure = 'not_allowed' | 'expired' | 'not_found' | 'failed' | 'timeout';

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
}

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

  return async (url) => {
    if (!isAllowedFileUrl(url, options)) throw new FileFetchError('not_allowed', 'the file link points to a host Runwatch does not download from');
    const total = AbortSignal.timeout(totalTimeoutMs);
    // Only the wait for headers is bounded this tightly; a large body may take longer.
    const waitingForHeaders = new AbortController();
    const headersTimer = setTimeout(() => waitingForHeaders.abort(), headersTimeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'GET',
        headers: { accept: '*/*', 'user-agent': USER_AGENT },
        redirect: 'manual',
        signal: AbortSignal.any([total, waitingForHeaders.signal]),
      });
    } catch {
      if (total.aborted || waitingForHeaders.signal.aborted) throw new FileFetchError('timeout', 'the file host did not answer in time');
      throw new FileFetchError('failed', 'the file host could not be reached');
    } finally {
      clearTimeout(headersTimer);
    }
    if (response.status === 200) return response;
    await response.body?.cancel().catch(() => {});
    // Signed links answer 403 (sometimes 401/400) once their signature has expired.
    if (response.status === 403 || response.status === 401) throw new FileFetchError('expired', 'the file link has expired', response.status);
    if (response.status === 404 || response.status === 410) throw new FileFetchError('not_found', 'the file is no longer available', response.status);
    throw new FileFetchError('failed', `the file host answered HTTP ${response.status}`, response.status);
  };
}
