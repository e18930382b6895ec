import { describe, expect, it } from 'vitest';
import { canonicalIncludes, type RunInclude } from './run-include';

describe('canonical includes', () => {
  it('lists the asked sections once each, in the one fixed order, whatever order or form they came in', () => {
    expect(canonicalIncludes(['artifacts', 'input', 'artifacts'])).toEqual(['input', 'artifacts']);
    expect(canonicalIncludes(new Set<RunInclude>(['storage', 'input']))).toEqual(['input', 'storage']);
    expect(
      canonicalIncludes(
        (function* (): Generator<RunInclude> {
          yield 'artifacts';
          yield 'storage';
        })(),
      ),
    ).toEqual(['storage', 'artifacts']);
    expect(canonicalIncludes([])).toEqual([]);
  });

  it('drops a name that is no section, and gives a list of its own', () => {
    const given: RunInclude[] = ['input', 'bogus' as RunInclude];
    const canonical = canonicalIncludes(given);
    expect(canonical).toEqual(['input']);
    canonical.push('storage');
    expect(canonicalIncludes(given)).toEqual(['input']);
  });
});
