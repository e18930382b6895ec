/**
 * Fetches a run's output from `GET /api/runs/:id/output` and parses it: runs inside the output
 * worker, so neither the download nor the parse of a 5 MB output touches the page's main thread.
 * Every failure becomes one of a few states the page can explain.
 */

export type OutputFailureKind = 'signed_out' | 'forbidden' | 'not_found' | 'unavailable' | 'network' | 'invalid';

export interface OutputFailure {
  kind: OutputFailureKind;
  /** HTTP status, or 0 when no answer arrived. */
  status: number;
  message: string;
  /** The server's request id, for a support ticket; null when there was none. */
  requestId: string | null;
}

export type OutputFetchResult = { ok: true; value: unknown } | { ok: false; failure: OutputFailure };

export function outputUrl(runId: string): string {
  return `/api/runs/${encodeURIComponent(runId)}/output`;
}

const FALLBACK_MESSAGES: Record<OutputFailureKind, string> = {
  signed_out: 'You are signed out. Sign in again to see the output.',
  forbidden: 'Your role may not see this output.',
  not_found: 'The output is not there (any more).',
  unavailable: 'Runwatch could not get the output right now.',
  network: 'Runwatch could not be reached. Check your connection.',
  invalid: 'The output arrived but is not valid JSON.',
};

function kindOf(status: number): OutputFailureKind {
  if (status === 401) return 'signed_out';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  return 'unavailable';
}

/** The message of an `/api` error envelope, when the body is one. */
function envelopeMessage(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' && body.error.message !== '' ? body.error.message : null;
  } catch {
    return null;
  }
}

export async function fetchOutput(url: string, options: { fetch?: typeof fetch; signal?: AbortSignal } = {}): Promise<OutputFetchResult> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' }, signal: options.signal });
    text = await response.text();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { ok: false, failure: { kind: 'network', status: 0, message: FALLBACK_MESSAGES.network, requestId: null } };
  }
  const requestId = response.headers.get('x-request-id');
  if (!response.ok) {
    const kind = kindOf(response.status);
    return { ok: false, failure: { kind, status: response.status, message: envelopeMessage(text) ?? FALLBACK_MESSAGES[kind], requestId } };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, failure: { kind: 'invalid', status: response.status, message: FALLBACK_MESSAGES.invalid, requestId } };
  }
}
