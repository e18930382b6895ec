import { describe, expect, it } from 'vitest';
import { redactUntrusted, redactUntrustedText } from './untrusted-text';

const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';

describe('redactUntrustedText', () => {
  it.each([
    [`Invalid key ${KEY}.`, 'Invalid key [redacted].'],
    [`Authorization: Bearer ${KEY}`, 'Authorization: Bearer [redacted]'],
    [`authorization=Bearer%20${KEY}`, 'authorization=Bearer [redacted]'],
    ['Basic dXNlcjpwYXNz rejected', 'Basic [redacted] rejected'],
    [`value%20${KEY}`, 'value%20[redacted]'],
    ['signature 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 is bad', 'signature [redacted] is bad'],
    ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '[redacted]'],
  ])('%s', (input, expected) => {
    expect(redactUntrustedText(input)).toBe(expected);
  });

  it('leaves ordinary messages, ids and long words alone', () => {
    for (const text of [
      'The field "code" is required.',
      'trun_4Tb8Nc2Qw1',
      'req_9f8e7d6c5b4a',
      'Pneumonoultramicroscopicsilicovolcanoconiosis-is-a-long-word',
    ]) {
      expect(redactUntrustedText(text)).toBe(text);
    }
  });

  it('is idempotent', () => {
    const once = redactUntrustedText(`Bearer ${KEY} and ${KEY}`);
    expect(redactUntrustedText(once)).toBe(once);
  });
});

describe('redactUntrusted', () => {
  it('redacts every string, keys included, and keeps other values', () => {
    const out = redactUntrusted({ message: `Bearer ${KEY}`, [KEY]: 1, list: [KEY, 2, null, true] });
    expect(JSON.stringify(out)).not.toContain(KEY.slice(8));
    expect(out).toEqual({ message: 'Bearer [redacted]', '[redacted]': 1, list: ['[redacted]', 2, null, true] });
  });

  it('keeps a __proto__ key as plain data', () => {
    const out = redactUntrusted(JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds depth', () => {
    let deep: unknown = KEY;
    for (let i = 0; i < 50; i++) deep = [deep];
    expect(JSON.stringify(redactUntrusted(deep))).not.toContain(KEY.slice(8));
  });
});
