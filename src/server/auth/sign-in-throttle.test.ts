import { describe, expect, it } from 'vitest';
import { NAME_AT_ADDRESS_THROTTLE, NAME_THROTTLE, lockoutFor } from './sign-in-throttle';

describe('lockoutFor', () => {
  it('allows the first failures, then doubles the lockout up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => lockoutFor(n, NAME_AT_ADDRESS_THROTTLE))).toEqual([0, 0, 0, 0]);
    expect(lockoutFor(5, NAME_AT_ADDRESS_THROTTLE)).toBe(30_000);
    expect(lockoutFor(6, NAME_AT_ADDRESS_THROTTLE)).toBe(60_000);
    expect(lockoutFor(7, NAME_AT_ADDRESS_THROTTLE)).toBe(120_000);
    expect(lockoutFor(50, NAME_AT_ADDRESS_THROTTLE)).toBe(15 * 60_000);
    // The per-name rule is the soft one: later and never longer than two minutes.
    expect(lockoutFor(29, NAME_THROTTLE)).toBe(0);
    expect(lockoutFor(500, NAME_THROTTLE)).toBe(2 * 60_000);
  });
});

// The throttle's rules on both engines are in src/server/store/auth-store-suite.ts.
