import { vi } from 'vitest';

/** Test-only: a recorded request to the fake `/api`. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

export interface FakeAnswer {
  status?: number;
  body?: unknown;
}

/** Test-only: replaces `fetch` with a fake `/api` that answers by method and path, recording every call. */
export function fakeSessionApi(answer: (request: RecordedRequest) => FakeAnswer): RecordedRequest[] {
  const calls: RecordedRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://runwatch.test');
      const request: RecordedRequest = {
        method: (init?.method ?? 'GET').toUpperCase(),
        path: url.pathname + url.search,
        headers: new Headers(init?.headers),
        body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      };
      calls.push(request);
      const { status = 200, body } = answer(request);
      return new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json', 'x-request-id': `rw_test_${calls.length}` },
      });
    }),
  );
  return calls;
}

export function apiError(code: string, message: string) {
  return { error: { code, message, requestId: 'rw_test', upstreamRequestId: null } };
}
