import { describe, expect, it } from 'vitest';
import { newRequestId, REQUEST_ID_HEADER } from '../middleware/request-context';
import { expectApiError } from './api-envelope';

/** The shared envelope assertion must itself fail on each way an error answer can be wrong. */

function answer(status: number, body: unknown, requestIdHeader?: string): Response {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (requestIdHeader) headers.set(REQUEST_ID_HEADER, requestIdHeader);
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
}

function envelope(requestId: string, overrides: Record<string, unknown> = {}) {
  return { error: { code: 'run_not_found', message: 'No run with this id.', requestId, upstreamRequestId: 'req_abc123', ...overrides } };
}

describe('expectApiError', () => {
  it('accepts a well-formed envelope and returns the error for further checks', async () => {
    const id = newRequestId();
    const error = await expectApiError(answer(404, envelope(id, { details: { id: 'trun_x' } }), id), { status: 404, code: 'run_not_found' });
    expect(error).toMatchObject({ requestId: id, upstreamRequestId: 'req_abc123', details: { id: 'trun_x' } });
  });

  it('accepts the harnesses answers, whose json() is not a promise', async () => {
    const id = newRequestId();
    const body = envelope(id);
    await expectApiError({ status: 404, headers: new Headers({ [REQUEST_ID_HEADER]: id }), json: () => body }, { status: 404, code: 'run_not_found' });
  });

  it.each([
    ['another status', () => answer(400, envelope('rw_AAAAAAAAAAAAAAAA'), 'rw_AAAAAAAAAAAAAAAA'), /status of/],
    ['another code', () => answer(404, envelope('rw_AAAAAAAAAAAAAAAA', { code: 'not_found' }), 'rw_AAAAAAAAAAAAAAAA'), /code of/],
    ['a body that is not the envelope', () => answer(404, { errors: [{ code: 'run_not_found' }] }), /not the \/api error envelope/],
    ['an empty message', () => answer(404, envelope('rw_AAAAAAAAAAAAAAAA', { message: ' ' }), 'rw_AAAAAAAAAAAAAAAA'), /message of/],
    ["the upstream request id in place of Runwatch's", () => answer(404, envelope('req_abc123'), 'req_abc123'), /request id of/],
    ['a request id the header does not carry', () => answer(404, envelope('rw_AAAAAAAAAAAAAAAA'), 'rw_BBBBBBBBBBBBBBBB'), /X-Request-Id header/],
    ['no request id header at all', () => answer(404, envelope('rw_AAAAAAAAAAAAAAAA')), /X-Request-Id header/],
  ])('fails on %s', async (_label, make, message) => {
    await expect(expectApiError(make(), { status: 404, code: 'run_not_found' })).rejects.toThrow(message);
  });
});
