import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPathFor } from './safe-next-path';

describe('safeNextPath', () => {
  it('keeps same-origin paths with their query and fragment', () => {
    expect(safeNextPath('/runs/trun_abc')).toBe('/runs/trun_abc');
    expect(safeNextPath('/?status=failed&created=1h#top')).toBe('/?status=failed&created=1h#top');
    expect(safeNextPath('/audit?actor=alice')).toBe('/audit?actor=alice');
  });

  it.each([
    ['https://evil.example/phish'],
    ['//evil.example/phish'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['javascript:alert(1)'],
    ['runs/trun_abc'],
    ['/\t/evil.example'],
    ['/%0a/evil'.replace('%0a', '\n')],
    [''],
    [null],
    [undefined],
  ])('refuses %j', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('does not send the person back to the sign-in page', () => {
    expect(safeNextPath('/sign-in?next=/runs')).toBe('/');
  });

  it('normalises dot segments without leaving the origin', () => {
    expect(safeNextPath('/runs/../audit')).toBe('/audit');
    expect(safeNextPath('/../../etc')).toBe('/etc');
  });
});

describe('signInPathFor', () => {
  it('remembers where the person was', () => {
    expect(signInPathFor({ pathname: '/runs/trun_1', search: '?tab=files', hash: '' })).toBe('/sign-in?next=%2Fruns%2Ftrun_1%3Ftab%3Dfiles');
    expect(signInPathFor({ pathname: '/' })).toBe('/sign-in');
  });
});
