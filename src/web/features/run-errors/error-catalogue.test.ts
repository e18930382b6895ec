import { describe, expect, it } from 'vitest';
import { explainError } from './error-catalogue';

/** Every type/code pair upstream-api.md §5 lists (plus the invented cancel code of open point 4). */
const CONTRACT_CODES: Array<[string, string]> = [
  ['api', 'api_error'],
  ['api', 'timeout'],
  ['api', 'endpoint_deprecated'],
  ['idempotency', 'idempotency_error'],
  ['idempotency', 'idempotency_key_error'],
  ['session', 'timeout'],
  ['connection', 'timeout'],
  ['connection', 'blocked'],
  ['rate_limit', 'rate_limit_exceeded'],
  ['rate_limit', 'session_limit_exceeded'],
  ['source', 'source_error'],
  ['source', 'source_invalid'],
  ['source', 'source_not_found'],
  ['source', 'source_not_available'],
  ['source', 'source_blocked'],
  ['request', 'input_missing'],
  ['request', 'cursor_invalid'],
  ['request', 'api_key_invalid'],
  ['request', 'task_not_found'],
  ['request', 'task_run_not_cancelable'],
  ['auth', 'auth_invalid'],
  ['interaction', 'interaction_timeout'],
  ['interaction', 'mfa_timeout'],
  ['task', 'timeout'],
];

describe('explainError', () => {
  it.each(CONTRACT_CODES)('explains %s/%s specifically, with a next step', (type, code) => {
    const explained = explainError(type, code);
    expect(explained.source).toBe('code');
    expect(explained.headline.length).toBeGreaterThan(5);
    expect(explained.explanation.length).toBeGreaterThan(10);
    expect(explained.nextStep.length).toBeGreaterThan(10);
  });

  it('groups errors as the upstream does', () => {
    expect(explainError('api', 'api_error').group).toBe('platform');
    expect(explainError('storage', 'x').group).toBe('platform');
    expect(explainError('auth', 'auth_invalid').group).toBe('request');
    expect(explainError('organization', 'x').group).toBe('request');
    expect(explainError('source', 'source_error').group).toBe('source');
  });

  it('falls back to the type for an unknown code', () => {
    const explained = explainError('storage', 'extraction_exploded');
    expect(explained.source).toBe('type');
    expect(explained.headline).toContain('file');
    expect(explainError('organization', 'plan_expired').nextStep).toMatch(/plan/);
  });

  it('falls back to a generic text for an unknown type', () => {
    const explained = explainError('quantum', 'decoherence');
    expect(explained.source).toBe('generic');
    expect(explained.group).toBe('unknown');
    expect(explained.nextStep).toMatch(/request id/);
  });

  it('names the missing resource for the <resource>_not_found pattern', () => {
    expect(explainError('request', 'credential_not_found').headline).toBe('the credential was not found');
  });
});
