import { describe, expect, it } from 'vitest';
import { fetchOutput, outputUrl } from './output-fetch';

/*
 * The web layer has no HTTP server to stand up, so each case hands fetchOutput a fetch that answers
 * with a real Response, or fails as a dropped connection does; what it asked for is recorded.
 */
const asked: { url: string; init: RequestInit | undefined }[] = [];

function answering(status: number, body: string, headers?: Record<string, string>): typeof fetch {
  return (input, init) => {
    asked.push({ url: String(input), init });
    return Promise.resolve(new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } }));
  };
}

const dropped: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));

const envelope = (code: string, message: string) => JSON.stringify({ error: { code, message, requestId: 'req_x', upstreamRequestId: null } });

describe('fetchOutput', () => {
  it('names the run output route', () => {
    expect(outputUrl('trun_abc')).toBe('/api/runs/trun_abc/output');
  });

  it('parses the output JSON', async () => {
    const value = { transactions: [{ id: 'txn_1', amount: 1.5 }], note: 'ü' };
    const result = await fetchOutput('/api/runs/trun_abc/output', { fetch: answering(200, JSON.stringify(value)) });
    expect(result).toEqual({ ok: true, value });
    // Same-origin, so the session cookie goes along; JSON asked for.
    expect(asked.at(-1)).toMatchObject({ url: '/api/runs/trun_abc/output', init: { credentials: 'same-origin', headers: { accept: 'application/json' } } });
  });

  it.each([
    [401, 'signed_out', 'not signed in'],
    [403, 'forbidden', 'not allowed'],
    [404, 'not_found', 'this run has no output yet'],
    [502, 'unavailable', 'the upstream failed'],
    [503, 'unavailable', 'busy'],
  ])('turns HTTP %i into %s with the server’s message and request id', async (status, kind, message) => {
    const result = await fetchOutput('/o', { fetch: answering(status, envelope('x', message), { 'x-request-id': 'req_abc' }) });
    expect(result).toEqual({ ok: false, failure: { kind, status, message, requestId: 'req_abc' } });
  });

  it('explains a failure whose body is not an error envelope', async () => {
    const result = await fetchOutput('/o', { fetch: answering(500, '<html>oops</html>') });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure).toMatchObject({ kind: 'unavailable', status: 500, message: expect.stringMatching(/could not get the output/) });
  });

  it('says so when the answer is not JSON', async () => {
    const result = await fetchOutput('/o', { fetch: answering(200, '{"transactions": [1, 2') });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'invalid', status: 200 } });
  });

  it('passes an abort on, so a closed page does not report a failure', async () => {
    const aborted: typeof fetch = () => Promise.reject(new DOMException('The operation was aborted.', 'AbortError'));
    await expect(fetchOutput('/o', { fetch: aborted })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('says so when no answer arrives', async () => {
    const result = await fetchOutput('/o', { fetch: dropped });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'network', status: 0 } });
  });
});
