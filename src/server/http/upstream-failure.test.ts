import { describe, expect, it } from 'vitest';
import { UpstreamError, type UpstreamFailureKind } from '../upstream/upstream-error';
import { InvalidIdError } from '../upstream/upstream-paths';
import { ApiHttpError } from './api-error';
import { apiErrorFromUpstream, type UpstreamCallContext } from './upstream-failure';

function mapped(kind: UpstreamFailureKind, context: UpstreamCallContext, details: ConstructorParameters<typeof UpstreamError>[2] = {}) {
  const result = apiErrorFromUpstream(new UpstreamError(kind, 'x', { upstreamRequestId: 'req_abc', ...details }), context);
  expect(result).toBeInstanceOf(ApiHttpError);
  return result as ApiHttpError;
}

describe('apiErrorFromUpstream', () => {
  it.each([
    ['not_found', 'run', 404, 'run_not_found'],
    ['auth', 'run', 502, 'upstream_auth'],
    ['server', 'run', 502, 'upstream_error'],
    ['bad_response', 'list', 502, 'upstream_error'],
    ['redirect', 'run', 502, 'upstream_error'],
    ['network', 'run', 502, 'upstream_unreachable'],
    ['timeout', 'run', 504, 'upstream_timeout'],
    ['rate_limited', 'run', 503, 'upstream_busy'],
    ['busy', 'list', 503, 'upstream_busy'],
  ] as const)('%s during a %s read is %i %s', (kind, context, status, code) => {
    const error = mapped(kind, context, { retryAfterSeconds: 4 });
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.options.upstreamRequestId).toBe('req_abc');
    if (status === 503) expect(error.options.headers).toEqual({ 'Retry-After': '4' });
  });

  it.each([
    ['interaction', 400, 'interaction_rejected'],
    ['interaction', 422, 'interaction_rejected'],
    ['interaction', 409, 'interaction_conflict'],
    ['cancel', 409, 'not_cancelable'],
    ['cancel', 400, 'cancel_rejected'],
    ['run', 400, 'invalid_request'],
  ] as const)('a %s refused with HTTP %i is %s, with the upstream items as details', (context, httpStatus, code) => {
    const items = [{ type: 'request', code: 'input_missing', message: 'The field "code" is required.', field: 'code' }];
    const error = mapped('rejected', context, { httpStatus, items });
    expect(error.code).toBe(code);
    expect(error.options.details).toEqual({ upstreamStatus: httpStatus, upstreamErrors: items });
  });

  it('turns a bad cursor into invalid_cursor', () => {
    const items = [{ type: 'request', code: 'cursor_invalid', message: 'bad', field: null }];
    expect(mapped('rejected', 'list', { httpStatus: 400, items }).code).toBe('invalid_cursor');
  });

  it('never repeats the upstream message for key problems', () => {
    const error = apiErrorFromUpstream(new UpstreamError('auth', 'key sk_live_abc is revoked'), 'run') as ApiHttpError;
    expect(error.message).toBe('the upstream rejected the configured key');
  });

  it.each([
    ['organization_blocked', 'upstream_organization_blocked', 'organization', 'plan_required'],
    ['source_blocked', 'upstream_source_blocked', 'source', 'source_blocked'],
  ] as const)('passes a 403 of kind %s on as 502 %s with the redacted items', (kind, code, type, itemCode) => {
    const items = [{ type, code: itemCode, message: 'Blocked for Bearer sk_live_abcdef123456', field: null }];
    const error = mapped(kind, 'run', { httpStatus: 403, items });
    expect([error.status, error.code]).toEqual([502, code]);
    expect(error.options.details).toEqual({
      upstreamStatus: 403,
      upstreamErrors: [{ type, code: itemCode, message: 'Blocked for Bearer [redacted]', field: null }],
    });
  });

  it('passes on the labels of items whose envelope did not parse', () => {
    const error = mapped('source_blocked', 'cancel', { httpStatus: 403, labels: [{ type: null, code: 'source_blocked' }] });
    expect(error.options.details).toEqual({ upstreamStatus: 403, upstreamErrors: [{ type: null, code: 'source_blocked', message: '', field: null }] });
  });

  it('redacts key-shaped text in every item field of a refusal', () => {
    const key = 'sk_test_0123456789abcdefghij';
    const error = mapped('rejected', 'interaction', { httpStatus: 422, items: [{ type: key, code: key, message: `bad ${key}`, field: key }] });
    expect(JSON.stringify(error.options.details)).not.toContain('0123456789abcdefghij');
  });

  it('maps an invalid id to 400 and leaves other errors alone', () => {
    expect((apiErrorFromUpstream(new InvalidIdError('run'), 'run') as ApiHttpError).code).toBe('invalid_id');
    const other = new Error('bug');
    expect(apiErrorFromUpstream(other, 'run')).toBe(other);
  });
});
