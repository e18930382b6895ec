import { describe, expect, it } from 'vitest';
import { extractLookupId, isValidId } from './ids';

describe('isValidId', () => {
  it('accepts ids of the right prefix', () => {
    expect(isValidId('run', 'trun_9Qm2Lx7Pa4')).toBe(true);
    expect(isValidId('request', 'req_d41c7b2e90')).toBe(true);
    expect(isValidId('storage', 'stor_Wn4Cq8Tz2e')).toBe(true);
  });

  it.each([
    ['wrong prefix', 'task_9Qm2Lx7Pa4'],
    ['path traversal', 'trun_../../v2/test'],
    ['encoded slash', 'trun_abc%2Fdef'],
    ['NUL byte', 'trun_abc\u0000'],
    ['unicode', 'trun_ab\u00e9'],
    ['too long', `trun_${'a'.repeat(200)}`],
    ['empty body', 'trun_'],
    ['whitespace', 'trun_abc def'],
  ])('rejects %s', (_label, id) => {
    expect(isValidId('run', id)).toBe(false);
  });
});

describe('extractLookupId', () => {
  it('finds a run id inside a link', () => {
    expect(extractLookupId('https://console.example/runs/trun_2Hs6Jf0Vb8?tab=output')).toEqual({ kind: 'run', id: 'trun_2Hs6Jf0Vb8' });
  });

  it('finds a request id inside a support message', () => {
    expect(extractLookupId('Hi, my request req_c09b7d5a14 failed')).toEqual({ kind: 'request', id: 'req_c09b7d5a14' });
  });

  it('returns null when there is no id', () => {
    expect(extractLookupId('hello world')).toBeNull();
    expect(extractLookupId('sess_K1v9Rt4e')).toBeNull();
  });
});
