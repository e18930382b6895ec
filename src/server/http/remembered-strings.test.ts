import { describe, expect, it } from 'vitest';
import { RememberedStrings } from './remembered-strings';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, cookieValue } from './session-cookie-names';
import { parse } from 'hono/utils/cookie';

function counting<T>(make: (input: string) => T) {
  const calls: string[] = [];
  return {
    calls,
    make: (input: string) => {
      calls.push(input);
      return make(input);
    },
  };
}

describe('RememberedStrings', () => {
  it('makes each input once and gives the same result again, undefined included', () => {
    const maker = counting((input: string) => (input.startsWith('x') ? undefined : input.toUpperCase()));
    const memo = new RememberedStrings(maker.make);
    expect(memo.of('abc')).toBe('ABC');
    expect(memo.of('abc')).toBe('ABC');
    expect(memo.of('xyz')).toBeUndefined();
    expect(memo.of('xyz')).toBeUndefined();
    expect(maker.calls).toEqual(['abc', 'xyz']);
  });

  it('never keeps an input longer than its limit, and starts over when full', () => {
    const maker = counting((input: string) => input.length);
    const memo = new RememberedStrings(maker.make, 3, 10);
    const long = 'a'.repeat(11);
    expect(memo.of(long)).toBe(11);
    expect(memo.of(long)).toBe(11);
    expect(memo.size).toBe(0);
    for (const input of ['1', '22', '333']) memo.of(input);
    expect(memo.size).toBe(3);
    memo.of('4444');
    expect(memo.size).toBe(1);
    expect(memo.of('1')).toBe(1);
    expect(maker.calls).toEqual([long, long, '1', '22', '333', '4444', '1']);
  });
});

describe('cookieValue', () => {
  const headers = [
    'runwatch_session=abc',
    `${SECURE_SESSION_COOKIE}=sec; runwatch_session=plain`,
    'theme=dark;  runwatch_session = spaced ; other=1',
    'runwatch_session="quoted"',
    'runwatch_session=a%20b',
    'other=1',
    'runwatch_session=first; runwatch_session=second',
    '',
  ];

  it('reads the session cookies as the parser does, the first time and every time after', () => {
    for (const name of [SESSION_COOKIE, SECURE_SESSION_COOKIE]) {
      for (const header of headers) {
        const expected = header ? parse(header, name)[name] : undefined;
        expect(cookieValue(header, name)).toBe(expected);
        expect(cookieValue(header, name)).toBe(expected);
      }
    }
    expect(cookieValue(undefined, SESSION_COOKIE)).toBeUndefined();
    expect(cookieValue('theme=dark', 'theme')).toBe('dark');
  });
});
