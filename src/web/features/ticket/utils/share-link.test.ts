import { describe, expect, it } from 'vitest';
import { shareLink } from './share-link';

const base = { origin: 'https://runwatch.example', pathname: '/runs/trun_7Wq3Dz9Kp6', search: '', hash: '' };

describe('share link', () => {
  it('keeps the view state of the address: shot, tab, filters and section', () => {
    expect(shareLink({ ...base, search: '?shot=4&tab=files&q=login', hash: '#timeline' }, 9)).toBe(
      'https://runwatch.example/runs/trun_7Wq3Dz9Kp6?shot=4&tab=files&q=login#timeline',
    );
  });

  it('pins the screenshot on screen when the page follows the newest one', () => {
    expect(shareLink({ ...base, search: '?tab=input' }, 12)).toBe('https://runwatch.example/runs/trun_7Wq3Dz9Kp6?tab=input&shot=12');
  });

  it('is the bare page address when there is no state and no screenshot', () => {
    expect(shareLink(base, null)).toBe('https://runwatch.example/runs/trun_7Wq3Dz9Kp6');
  });
});
