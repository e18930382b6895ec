import { describe, expect, it } from 'vitest';
import { formatCountdown, formatWaited, promptKindLabel, serverNow } from './board-time';

describe('serverNow', () => {
  it('runs on the server clock from the answer, whatever the browser clock says', () => {
    const generatedAt = '2026-11-29T10:00:00.000Z';
    // The browser clock is 7 minutes behind; 2.5 s passed since the answer came.
    const receivedAt = Date.parse(generatedAt) - 7 * 60_000;
    expect(serverNow(generatedAt, receivedAt, receivedAt + 2_500)).toBe(Date.parse(generatedAt) + 2_500);
  });

  it('never goes back when the browser clock jumps back', () => {
    expect(serverNow('2026-11-29T10:00:00.000Z', 5_000, 1_000)).toBe(Date.parse('2026-11-29T10:00:00.000Z'));
  });
});

describe('formatCountdown', () => {
  it('shows minutes and seconds, hours when needed, and stops at zero', () => {
    expect(formatCountdown(245_000)).toBe('4:05');
    expect(formatCountdown(999)).toBe('0:01');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(-5_000)).toBe('0:00');
  });
});

describe('formatWaited', () => {
  it('reads like a person would say it', () => {
    expect(formatWaited(45_000)).toBe('45 s');
    expect(formatWaited(12 * 60_000 + 30_000)).toBe('12 min');
    expect(formatWaited(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 5 min');
    expect(formatWaited(2 * 86_400_000)).toBe('2 d');
    expect(formatWaited(-1)).toBe('0 s');
  });
});

describe('promptKindLabel', () => {
  it('names known kinds and passes unknown ones on', () => {
    expect(promptKindLabel('mfa')).toBe('One-time code');
    expect(promptKindLabel('account_selection')).toBe('Account choice');
    expect(promptKindLabel('captcha_v9')).toBe('Input needed (captcha_v9)');
  });
});
