import { expect } from 'vitest';
import { apiErrorSchema, type ApiError } from '@/contract/bff';
import { REQUEST_ID_HEADER } from '../middleware/request-context';

/**
 * Test support: the one check that an `/api` answer is the error envelope a client relies on.
 */

/** Runwatch's own request ids (src/server/middleware/request-context.ts), never the upstream's `req_…`. */
const RUNWATCH_REQUEST_ID = /^rw_[A-Za-z0-9_-]{8,}$/;

/**
 * An answer from any of the test clients: fetch's `Response` (whose `json()` is a promise) or the
 * harnesses' answers (whose `json()` returns the value). With `headers`, the `X-Request-Id` header
 * must carry the envelope's request id.
 */
export interface ErrorAnswer {
  readonly status: number;
  readonly headers?: { get(name: string): string | null };
  json(): unknown;
}

export interface ExpectedApiError {
  status: number;
  /** The wire code, spelled out: a test that names the value catches a rename. */
  code: string;
  /** Names the request in a failure message, where one test checks several. */
  what?: string;
}

/**
 * Checks the status, that the body is the `/api` error envelope (contract schema, a message, a
 * Runwatch request id matching the header), and the code; returns the error for further checks.
 */
export async function expectApiError(answer: ErrorAnswer, expected: ExpectedApiError): Promise<ApiError['error']> {
  const body: unknown = await answer.json();
  const shown = `${expected.what ? `${expected.what}: ` : ''}${JSON.stringify(body)}`;
  expect(answer.status, `status of ${shown}`).toBe(expected.status);
  const parsed = apiErrorSchema.safeParse(body);
  if (!parsed.success) expect.fail(`not the /api error envelope: ${shown} (${parsed.error.message})`);
  const { error } = parsed.data;
  expect(error.code, `code of ${shown}`).toBe(expected.code);
  expect(error.message.trim(), `message of ${shown}`).not.toBe('');
  expect(error.requestId, `request id of ${shown}`).toMatch(RUNWATCH_REQUEST_ID);
  if (answer.headers) expect(answer.headers.get(REQUEST_ID_HEADER), `${REQUEST_ID_HEADER} header of ${shown}`).toBe(error.requestId);
  return error;
}
