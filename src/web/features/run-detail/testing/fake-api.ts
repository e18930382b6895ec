import { vi } from 'vitest';

/**
 * A small in-process stand-in for Runwatch's `/api`, installed as `fetch` for component tests.
 * Each call is recorded so tests can count requests (e.g. none after a terminal status).
 */
export interface FakeRequest {
  method: string;
  /** Path without the query string, e.g. `/api/runs/trun_1`. */
  path: string;
  search: URLSearchParams;
  body: unknown;
}

export interface FakeReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeHandler = (request: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeApi {
  calls: FakeRequest[];
  /** Calls whose path starts with `prefix` (and, optionally, with the given method). */
  callsTo: (prefix: string, method?: string) => FakeRequest[];
}

export function installFakeApi(handler: FakeHandler): FakeApi {
  const calls: FakeRequest[] = [];
  const fetchFake = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://runwatch.test');
    const request: FakeRequest = {
      method: (init?.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      search: url.searchParams,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(request);
    const reply = await handler(request);
    const status = reply.status ?? 200;
    // A plain Response-shaped object: a real Response reads its body through streams that need
    // several event-loop turns, which makes fake-timer tests depend on how many turns they flush.
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    const response = {
      ok: status >= 200 && status < 300,
      status,
      headers: new Headers({ 'content-type': 'application/json', 'x-request-id': `rw_test_${calls.length}`, ...reply.headers }),
      json: async () => JSON.parse(text) as unknown,
      text: async () => text,
    };
    return response as unknown as Response;
  });
  vi.stubGlobal('fetch', fetchFake);
  return {
    calls,
    callsTo: (prefix, method) => calls.filter((call) => call.path.startsWith(prefix) && (method === undefined || call.method === method)),
  };
}

/** The error envelope every Runwatch error response uses. */
export function apiErrorBody(code: string, message: string, upstreamRequestId: string | null = null) {
  return { error: { code, message, requestId: 'rw_err_1', upstreamRequestId } };
}
