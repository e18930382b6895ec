import { describe, expect, it } from 'vitest';
import { figureOf, interleavedRounds, judgeAtMost, median, noiseProblem, ratioFigure, relativeSpread } from './rounds';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([3])).toBe(3);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses no values and values that are not numbers', () => {
    expect(() => median([])).toThrow(/no values/);
    expect(() => median([1, Number.NaN, 2])).toThrow(/not a finite number/);
  });
});

describe('figureOf', () => {
  it('keeps the rounds in the order they ran with their median and range', () => {
    expect(figureOf([2.2, 1.9, 2.05])).toEqual({ median: 2.05, min: 1.9, max: 2.2, rounds: [2.2, 1.9, 2.05] });
  });
});

describe('ratioFigure', () => {
  it('divides round by round, not median by median', () => {
    // Round medians would give 6 / 3 = 2; the machine slowed both sides alike in round 3.
    const ratio = ratioFigure([2, 6, 12], [1, 3, 10]);
    expect(ratio.rounds).toEqual([2, 2, 1.2]);
    expect(ratio.median).toBe(2);
    expect(ratio.min).toBe(1.2);
    expect(ratio.max).toBe(2);
  });

  it('refuses sides with different rounds and a zero denominator', () => {
    expect(() => ratioFigure([1, 2, 3], [1, 2])).toThrow(/same rounds/);
    expect(() => ratioFigure([1, 2, 3], [1, 0, 3])).toThrow(/round 2: ratio over zero/);
  });
});

describe('spread', () => {
  it('is the range over the median', () => {
    expect(relativeSpread(figureOf([90, 100, 110]))).toBeCloseTo(0.2);
    expect(relativeSpread(figureOf([0, 0, 0]))).toBe(0);
    expect(relativeSpread(figureOf([0, 0, 5]))).toBe(Number.POSITIVE_INFINITY);
  });

  it('is too wide above 25 % of the median, and so are fewer than three rounds', () => {
    expect(noiseProblem(figureOf([100, 110, 127.5]))).toBeNull();
    expect(noiseProblem(figureOf([100, 110, 129]))).toBe('spread too wide (26 % of the median, over 25 %)');
    expect(noiseProblem(figureOf([80, 100, 130]))).toMatch(/spread too wide \(50 % of the median, over 25 %\)/);
    expect(noiseProblem(figureOf([0, 0, 5]))).toMatch(/around 0/);
    expect(noiseProblem(figureOf([1, 1]))).toBe('only 2 rounds');
  });
});

describe('judgeAtMost', () => {
  it('judges a steady figure by its median', () => {
    expect(judgeAtMost(figureOf([1.4, 1.45, 1.5]), 1.5)).toBe('met');
    expect(judgeAtMost(figureOf([1.45, 1.55, 1.6]), 1.5)).toBe('missed');
  });

  it('cannot tell when a noisy figure has rounds on both sides of the limit', () => {
    expect(judgeAtMost(figureOf([1.0, 1.4, 2.0]), 1.5)).toBe('unclear');
  });

  it('still judges a noisy figure whose every round is on one side', () => {
    expect(judgeAtMost(figureOf([0.5, 1.0, 1.4]), 1.5)).toBe('met');
    expect(judgeAtMost(figureOf([1.6, 2.5, 3.0]), 1.5)).toBe('missed');
  });

  it('cannot tell from fewer than three rounds', () => {
    expect(judgeAtMost(figureOf([1, 1]), 1.5)).toBe('unclear');
  });
});

describe('interleavedRounds', () => {
  it('runs every step once per round, rotating which goes first', async () => {
    const order: string[] = [];
    const step = (name: string) => ({
      name,
      run: async (round: number) => {
        order.push(`${name}${round}`);
        return round * 10 + name.charCodeAt(0);
      },
    });
    const results = await interleavedRounds(3, [step('a'), step('b'), step('c')]);
    expect(order).toEqual(['a0', 'b0', 'c0', 'b1', 'c1', 'a1', 'c2', 'a2', 'b2']);
    expect(results.get('a')).toEqual([97, 107, 117]);
    expect(results.get('c')).toEqual([99, 109, 119]);
  });

  it('refuses a round count that is not a positive whole number and steps that share a name', async () => {
    await expect(interleavedRounds(0, [])).rejects.toThrow(/positive whole number/);
    const same = { name: 'x', run: async () => 1 };
    await expect(interleavedRounds(3, [same, same])).rejects.toThrow(/own name/);
  });
});
