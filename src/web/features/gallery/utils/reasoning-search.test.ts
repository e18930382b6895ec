import { describe, expect, it } from 'vitest';
import { findMatches, firstMatchFrom, splitByMatch, stepMatch } from './reasoning-search';

const reasonings = [
  'Opening the login page of the bank.',
  'Typing the username into the LOGIN form.',
  'An MFA prompt appeared: waiting\nfor the code.',
  'Found the statement (PDF) for March.',
  '',
  'Downloading the statement.',
];

describe('findMatches', () => {
  it('finds every shot whose reasoning holds the query, ignoring case', () => {
    expect(findMatches(reasonings, 'login')).toEqual([1, 2]);
    expect(findMatches(reasonings, 'STATEMENT')).toEqual([4, 6]);
  });

  it('takes the query literally, not as a pattern', () => {
    expect(findMatches(reasonings, '(PDF)')).toEqual([4]);
    expect(findMatches(reasonings, '.*')).toEqual([]);
    expect(findMatches(reasonings, '[')).toEqual([]);
  });

  it('lets a space match a line break and trims the query', () => {
    expect(findMatches(reasonings, '  waiting   for ')).toEqual([3]);
  });

  it('finds nothing for an empty query or an absent text', () => {
    expect(findMatches(reasonings, '   ')).toEqual([]);
    expect(findMatches(reasonings, 'captcha')).toEqual([]);
  });
});

describe('stepping through matches', () => {
  const matches = [2, 5, 9];

  it('goes to the next or previous match, wrapping at the ends', () => {
    expect(stepMatch(matches, 2, 1)).toBe(5);
    expect(stepMatch(matches, 6, 1)).toBe(9);
    expect(stepMatch(matches, 9, 1)).toBe(2);
    expect(stepMatch(matches, 5, -1)).toBe(2);
    expect(stepMatch(matches, 2, -1)).toBe(9);
    expect(stepMatch([], 2, 1)).toBeNull();
  });

  it('lands a new query on the first match at or after the shot on screen', () => {
    expect(firstMatchFrom(matches, 5)).toBe(5);
    expect(firstMatchFrom(matches, 6)).toBe(9);
    expect(firstMatchFrom(matches, 10)).toBe(2);
    expect(firstMatchFrom([], 1)).toBeNull();
  });
});

describe('splitByMatch', () => {
  it('marks each occurrence, keeping the original text', () => {
    expect(splitByMatch('Login, then login again', 'LOGIN')).toEqual([
      { text: 'Login', match: true },
      { text: ', then ', match: false },
      { text: 'login', match: true },
      { text: ' again', match: false },
    ]);
  });

  it('leaves the text whole without a query', () => {
    expect(splitByMatch('<b>text</b>', '')).toEqual([{ text: '<b>text</b>', match: false }]);
  });
});
