import { describe, expect, it } from 'vitest';
import { formatFigure, targetAtMost, targetMark, upsertSection } from './report';
import { figureOf } from './rounds';

const ratio = (rounds: number[]) => ({ key: 'pass_through_ratio', label: 'pass-through / nginx', unit: '×', digits: 2, atMost: 1.5, figure: figureOf(rounds) });

describe('formatFigure', () => {
  it('shows the median, then the range of the rounds', () => {
    expect(formatFigure(figureOf([1.956, 1.851, 2.104]), '×', 2)).toBe('1.96× (1.85–2.1)');
    expect(formatFigure(figureOf([284.4, 301, 270]), ' ms', 0)).toBe('284 ms (270–301)');
  });
});

describe('targetAtMost', () => {
  it('meets or misses a steady figure by its median', () => {
    const met = targetAtMost('pass-through ≤ 1.5× nginx', ratio([1.3, 1.35, 1.4]));
    expect(met).toEqual({ name: 'pass-through ≤ 1.5× nginx', met: true, detail: '1.35× (1.3–1.4)' });
    expect(targetMark(met)).toBe('met');
    const missed = targetAtMost('pass-through ≤ 1.5× nginx', ratio([1.9, 2, 2.1]));
    expect(missed.met).toBe(false);
    expect(targetMark(missed)).toBe('**missed**');
  });

  it('says a noisy figure across the goal cannot be judged, and why', () => {
    const target = targetAtMost('pass-through ≤ 1.5× nginx', ratio([1.1, 1.6, 2.2]));
    expect(target.met).toBeNull();
    expect(target.unclear).toBe('spread too wide (69 % of the median, over 25 %)');
    expect(target.detail).toBe('1.6× (1.1–2.2); spread too wide (69 % of the median, over 25 %)');
    expect(targetMark(target)).toBe('unclear: too noisy to judge');
  });

  it('still judges a noisy figure whose rounds all miss, and keeps the warning', () => {
    const target = targetAtMost('pass-through ≤ 1.5× nginx', ratio([1.6, 2.2, 3]));
    expect(target.met).toBe(false);
    expect(target.detail).toMatch(/spread too wide/);
  });

  it('tells a target it could not judge from one it did not measure', () => {
    expect(targetMark({ name: 'x', met: null, detail: 'nginx missing' })).toBe('not measured');
  });
});

describe('upsertSection', () => {
  const results = '# Benchmark results\n\nMeasured today.\n\n## Targets\n\n| t |\n\n## Board\n\nBoard notes.\n';

  it('adds a missing section before the targets, leaving every other section as it was', () => {
    expect(upsertSection(results, 'Trend', 'rows')).toBe(
      '# Benchmark results\n\nMeasured today.\n\n## Trend\n\nrows\n\n## Targets\n\n| t |\n\n## Board\n\nBoard notes.\n',
    );
  });

  it('replaces only the body of a section that is there, in the middle or at the end', () => {
    const once = upsertSection(results, 'Trend', 'old rows');
    expect(upsertSection(once, 'Trend', 'new rows')).toBe(upsertSection(results, 'Trend', 'new rows'));
    expect(upsertSection(results, 'Board', 'New board notes.')).toBe(
      '# Benchmark results\n\nMeasured today.\n\n## Targets\n\n| t |\n\n## Board\n\nNew board notes.\n\n',
    );
  });

  it('appends the section to a file without targets', () => {
    expect(upsertSection('# Benchmark results\n', 'Trend', 'rows')).toBe('# Benchmark results\n\n## Trend\n\nrows\n\n');
  });
});
