import { describe, expect, it } from 'vitest';
import { generateOneTimePassword } from './account-bootstrap';
import { newPasswordProblem } from './password-policy';

describe('newPasswordProblem', () => {
  it('refuses passwords shorter than 12 characters, counting characters rather than bytes', () => {
    expect(newPasswordProblem('short-pass1', 'alice')).toBe('The password must be at least 12 characters long.');
    expect(newPasswordProblem('ĉevalo-ŝipo-ĵaŭdo', 'alice')).toBeNull();
  });

  it('refuses common passwords and repeated characters with a reason', () => {
    for (const weak of ['aaaaaaaaaaaa', 'password1234', 'abcabcabcabc', 'qwertyuiop12', '123456789012', 'iloveyou1234']) {
      const problem = newPasswordProblem(weak, 'alice');
      expect(problem, weak).toMatch(/^This password is too easy to guess/);
      expect(problem, weak).toContain('A few unrelated words make a good one.');
    }
    expect(newPasswordProblem('aaaaaaaaaaaa', 'alice')).toBe(
      'This password is too easy to guess: repeated characters like "aaa" are easy to guess. A few unrelated words make a good one.',
    );
    expect(newPasswordProblem('password1234', 'alice')).toMatch(/too easy to guess: this is similar to a commonly used password\./);
  });

  it('refuses the account name, also as the bulk of a longer password', () => {
    expect(newPasswordProblem('Alice-Longname', 'alice-longname')).toBe('The password must not be the account name.');
    expect(newPasswordProblem('margaret-thatcher1', 'margaret-thatcher')).toMatch(/too easy to guess/);
  });

  it('accepts passphrases and generated one-time passwords', () => {
    for (const good of ['correct horse battery', 'alice-long-password', 'tin-cactus-orbit-mellow', generateOneTimePassword()]) {
      expect(newPasswordProblem(good, 'alice'), good).toBeNull();
    }
  });

  it('judges only the start of a very long password, so checking stays quick', () => {
    expect(newPasswordProblem('tin-cactus-orbit-mellow-'.repeat(40).slice(0, 1024), 'alice')).toBeNull();
    expect(newPasswordProblem('a'.repeat(1025), 'alice')).toBe('The password must be at most 1024 characters long.');
    expect(newPasswordProblem('a'.repeat(1024), 'alice')).toMatch(/too easy to guess/);
  });
});
