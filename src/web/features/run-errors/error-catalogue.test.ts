import { describe, expect, it } from 'vitest';
import { codeLabel, explainError, timeLimitInMessage, typeLabel } from './error-catalogue';

const explain = (type: string | null, code: string | null, message = '') => explainError({ type, code, message });

/** Every type/code pair docs/upstream-contract.md lists under "Errors and groups" (plus the invented cancel code of its open point 4). */
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
    const explained = explain(type, code);
    expect(explained.source).toBe('code');
    expect(explained.headline.length).toBeGreaterThan(5);
    expect(explained.explanation.length).toBeGreaterThan(10);
    expect(explained.nextStep.length).toBeGreaterThan(10);
  });

  it('groups errors as the upstream does', () => {
    expect(explain('api', 'api_error').group).toBe('platform');
    expect(explain('storage', 'x').group).toBe('platform');
    expect(explain('auth', 'auth_invalid').group).toBe('request');
    expect(explain('organization', 'x').group).toBe('request');
    expect(explain('source', 'source_error').group).toBe('source');
  });

  it('falls back to the type for an unknown code', () => {
    const explained = explain('storage', 'extraction_exploded');
    expect(explained.source).toBe('type');
    expect(explained.headline).toContain('file');
    expect(explain('organization', 'plan_expired').nextStep).toMatch(/plan/);
  });

  it('falls back to a generic text for an unknown type', () => {
    const explained = explain('quantum', 'decoherence');
    expect(explained.source).toBe('generic');
    expect(explained.group).toBe('unknown');
    expect(explained.nextStep).toMatch(/run id/);
  });

  it('names the missing resource for the <resource>_not_found pattern', () => {
    expect(explain('request', 'credential_not_found').headline).toBe('the credential was not found');
  });

  it('says the type explains it when the code is unknown, and when no code was given', () => {
    expect(explain('auth', 'totp_locked').caveat).toBe('The code “totp_locked” is not in Runwatch’s catalogue; explained by its type (auth).');
    const codeless = explain('auth', null);
    expect(codeless.source).toBe('type');
    expect(codeless.caveat).toMatch(/^The upstream gave no error code; explained by its type/);
    expect(explain('auth', 'auth_invalid').caveat).toBeNull();
  });

  it('places a type-less error by a code that means one thing, and says it did', () => {
    const explained = explain(null, 'auth_invalid');
    expect(explained.headline).toBe('the website rejected the stored credentials');
    expect(explained.group).toBe('request');
    expect(explained.caveat).toMatch(/no error type/);
    // `timeout` means different things for api, session and task: no guessing.
    expect(explain(null, 'timeout').source).toBe('generic');
    expect(explain(null, null).caveat).toBe('The upstream gave neither an error type nor a code; its message is all there is.');
  });

  it('labels what the upstream left out', () => {
    expect(codeLabel({ code: null })).toBe('no code given');
    expect(codeLabel({ code: '' })).toBe('no code given');
    expect(typeLabel({ type: null })).toBe('no type given');
    expect(codeLabel({ code: 'x' })).toBe('x');
  });
});

describe('task timeout', () => {
  it('uses the limit the upstream names instead of the default', () => {
    const explained = explain('task', 'timeout', 'The run exceeded its 3 minute time limit.');
    expect(explained.explanation).toContain('3 minutes');
    expect(explained.explanation).not.toContain('30 minutes');
  });

  it('falls back to the default without contradicting a message that names none', () => {
    expect(explain('task', 'timeout', 'Run timed out.').explanation).toMatch(/did not name the limit; it is 30 minutes unless the task sets another/);
  });

  it.each([
    ['exceeded the 3 minute limit', '3 minutes'],
    ['timeout of 180s reached', '180 seconds'],
    ['limit: 1 hour', '1 hour'],
    ['Stopped after 45 mins', '45 minutes'],
    ['no figure here', null],
  ])('reads the limit in “%s”', (message, expected) => {
    expect(timeLimitInMessage(message)).toBe(expected);
  });
});
