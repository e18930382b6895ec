import { describe, expect, it } from 'vitest';
import { errorItemLabels, forbiddenKind } from './upstream-error';

describe('forbiddenKind', () => {
  it.each([
    [{ errors: [{ type: 'organization', code: 'plan_required', message: 'x' }] }, 'organization_blocked'],
    [{ errors: [{ type: 'Organization', code: 'anything' }] }, 'organization_blocked'],
    [{ errors: [{ type: 'source', code: 'source_blocked' }] }, 'source_blocked'],
    [{ errors: [{ code: 'source_blocked' }] }, 'source_blocked'],
    [{ errors: [{ code: 'organization_suspended', type: null }] }, 'organization_blocked'],
    [{ errors: [{ type: 'request', code: 'source_blocked' }] }, 'auth'],
    [{ errors: [{ type: 'request', code: 'api_key_invalid' }] }, 'auth'],
    [{ errors: [] }, 'auth'],
    ['Forbidden', 'auth'],
    [undefined, 'auth'],
  ])('%j is %s', (body, kind) => {
    expect(forbiddenKind(errorItemLabels(body))).toBe(kind);
  });
});
