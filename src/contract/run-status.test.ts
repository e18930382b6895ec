import { describe, expect, it } from 'vitest';
import { isCancelable, isTerminal, normalizeStatus, statusGroup } from './run-status';
import { errorGroup } from './error-groups';

describe('normalizeStatus', () => {
  it('keeps canonical statuses', () => {
    expect(normalizeStatus('interaction_required')).toBe('interaction_required');
  });

  it('maps older spellings to the canonical status', () => {
    expect(normalizeStatus('cancelling')).toBe('canceling');
    expect(normalizeStatus('pending')).toBe('review_required');
  });

  it('returns null for unknown statuses, including names of built-in object keys', () => {
    expect(normalizeStatus('exploded')).toBeNull();
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) expect(normalizeStatus(name)).toBeNull();
  });
});

describe('status helpers', () => {
  it('knows the terminal statuses', () => {
    expect(['completed', 'failed', 'canceled'].every((s) => isTerminal(normalizeStatus(s)!))).toBe(true);
    expect(isTerminal('canceling')).toBe(false);
    expect(isTerminal('review_required')).toBe(false);
  });

  it('allows cancel only from active statuses', () => {
    expect(isCancelable('running')).toBe(true);
    expect(isCancelable('canceling')).toBe(false);
    expect(isCancelable('completed')).toBe(false);
  });

  it('treats an unknown status (null) as not final, leaving a cancel to the upstream to judge', () => {
    expect(isTerminal(null)).toBe(false);
    expect(isCancelable(null)).toBe(true);
  });

  it('groups statuses that need a human', () => {
    expect(statusGroup('interaction_required')).toBe('needs_human');
    expect(statusGroup('review_required')).toBe('needs_human');
  });
});

describe('errorGroup', () => {
  it('follows the upstream grouping', () => {
    expect(errorGroup('api')).toBe('platform');
    expect(errorGroup('auth')).toBe('request');
    expect(errorGroup('source')).toBe('source');
    expect(errorGroup('connection')).toBe('platform');
    expect(errorGroup('brand_new_type')).toBe('unknown');
    expect(errorGroup('constructor')).toBe('unknown');
    expect(errorGroup(null)).toBe('unknown');
  });
});
