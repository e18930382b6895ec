import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDateTime } from '@/web/lib/format';
import { setTimeZonePreference, TIME_ZONE_STORAGE_KEY } from '@/web/lib/time-zone-preference';
import { RelativeTime } from './relative-time';
import { TimeZoneToggle } from './time-zone-toggle';

const INSTANT = '2025-03-12T13:03:27Z';

describe('TimeZoneToggle', () => {
  afterEach(() => setTimeZonePreference('local'));

  it('starts on the local zone and switches every time shown to UTC, persisting the choice', async () => {
    render(
      <>
        <TimeZoneToggle />
        <RelativeTime value={INSTANT} />
      </>,
    );
    const local = screen.getByRole('radio', { name: /your time zone/ });
    const utc = screen.getByRole('radio', { name: 'Times in UTC, as upstream logs use' });
    expect(local).toHaveAttribute('aria-checked', 'true');
    expect(screen.getByRole('time')).toHaveAttribute('title', expect.stringContaining('2025-03-12 13:03:27 UTC'));

    await userEvent.setup().click(utc);
    expect(utc).toHaveAttribute('aria-checked', 'true');
    expect(window.localStorage.getItem(TIME_ZONE_STORAGE_KEY)).toBe('utc');
    expect(screen.getByRole('time').getAttribute('title')?.split('\n')[0]).toBe(formatDateTime(INSTANT, 'utc'));
  });

  it('moves with the arrow keys like any radio group', async () => {
    render(<TimeZoneToggle />);
    const user = userEvent.setup();
    screen.getByRole('radio', { name: /your time zone/ }).focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('radio', { name: 'Times in UTC, as upstream logs use' })).toHaveAttribute('aria-checked', 'true');
    expect(screen.getByRole('radio', { name: 'Times in UTC, as upstream logs use' })).toHaveFocus();
  });

  it('follows a choice made in another tab', () => {
    render(<TimeZoneToggle />);
    window.localStorage.setItem(TIME_ZONE_STORAGE_KEY, 'utc');
    act(() => {
      window.dispatchEvent(new StorageEvent('storage', { key: TIME_ZONE_STORAGE_KEY, newValue: 'utc' }));
    });
    expect(screen.getByRole('radio', { name: 'Times in UTC, as upstream logs use' })).toHaveAttribute('aria-checked', 'true');
  });
});
