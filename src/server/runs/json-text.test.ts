import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDeeperThan } from './json-depth';
import { stringifyWithoutRecursion } from './json-text';
import { cut } from './run-row';

describe('stringifyWithoutRecursion', () => {
  it('writes exactly what JSON.stringify writes for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect(stringifyWithoutRecursion(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out members without a JSON value and writes array holes as null, like JSON.stringify', () => {
    const value = { a: undefined, b: [undefined, () => 1, 2], c: () => 1, d: 'x' };
    expect(stringifyWithoutRecursion(value)).toBe(JSON.stringify(value));
  });

  it('writes values nested far deeper than JSON.stringify can go, and they parse back', () => {
    const text = `${'[{"k":'.repeat(20_000)}1${'}]'.repeat(20_000)}`;
    const value: unknown = JSON.parse(text);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(stringifyWithoutRecursion(value)).toBe(text);
  });

  it('keeps an own __proto__ key as plain data', () => {
    const value: unknown = JSON.parse('{"__proto__":{"x":1},"y":2}');
    expect(stringifyWithoutRecursion(value)).toBe('{"__proto__":{"x":1},"y":2}');
  });
});

describe('isDeeperThan', () => {
  it('counts nesting levels of objects and arrays', () => {
    expect(isDeeperThan(1, 0)).toBe(false);
    expect(isDeeperThan({}, 0)).toBe(true);
    expect(isDeeperThan({ a: [1] }, 2)).toBe(false);
    expect(isDeeperThan({ a: [{}] }, 2)).toBe(true);
  });
});

describe('cut', () => {
  it('keeps short text and cuts long text to the limit with an ellipsis', () => {
    expect(cut('short', 10)).toBe('short');
    expect(cut('abcdefghijkl', 10)).toBe('abcdefghi…');
    expect(cut('abcdefghijkl', 10)).toHaveLength(10);
  });

  it('never splits a surrogate pair', () => {
    const cutText = cut('abcdefgh😀😀😀', 10);
    expect(cutText.length).toBeLessThanOrEqual(10);
    expect(cutText).toBe('abcdefgh…');
    expect(Array.from(cutText).every((ch) => ch.length === 2 || !/[\uD800-\uDFFF]/.test(ch))).toBe(true);
  });
});
