import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initTheme, setThemePreference, THEME_STORAGE_KEY } from '../utils/theme-store';
import { ThemeToggle } from './theme-toggle';

/** jsdom has no matchMedia; this fake lets a test flip the OS colour scheme. */
function fakeSystemScheme(dark: boolean) {
  const listeners = new Set<() => void>();
  const media = {
    get matches() {
      return dark;
    },
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  };
  vi.stubGlobal(
    'matchMedia',
    vi.fn(() => media),
  );
  return {
    set(next: boolean) {
      dark = next;
      for (const listener of listeners) listener();
    },
  };
}

describe('theme', () => {
  let stop: () => void = () => {};
  beforeEach(() => {
    setThemePreference('system');
  });
  afterEach(() => stop());

  it('persists the choice and applies it as a class on <html>', async () => {
    fakeSystemScheme(false);
    stop = initTheme();
    render(<ThemeToggle />);
    expect(screen.getByRole('radio', { name: 'System theme' })).toHaveAttribute('aria-checked', 'true');

    await userEvent.click(screen.getByRole('radio', { name: 'Dark theme' }));
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(document.documentElement).toHaveClass('dark');
    expect(screen.getByRole('radio', { name: 'Dark theme' })).toHaveAttribute('aria-checked', 'true');

    await userEvent.click(screen.getByRole('radio', { name: 'Light theme' }));
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
    expect(document.documentElement).not.toHaveClass('dark');
    expect(document.documentElement).toHaveClass('light');
  });

  it('restores the stored choice on start-up', () => {
    fakeSystemScheme(false);
    window.localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    stop = initTheme();
    expect(document.documentElement).toHaveClass('dark');
    render(<ThemeToggle />);
    expect(screen.getByRole('radio', { name: 'Dark theme' })).toHaveAttribute('aria-checked', 'true');
  });

  it('follows the operating system while set to system, and forgets the stored choice', async () => {
    const system = fakeSystemScheme(true);
    window.localStorage.setItem(THEME_STORAGE_KEY, 'light');
    stop = initTheme();
    render(<ThemeToggle />);
    await userEvent.click(screen.getByRole('radio', { name: 'System theme' }));
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(document.documentElement).toHaveClass('dark');
    system.set(false);
    expect(document.documentElement).not.toHaveClass('dark');
  });

  it('ignores a tampered stored value', () => {
    fakeSystemScheme(false);
    window.localStorage.setItem(THEME_STORAGE_KEY, '<script>');
    stop = initTheme();
    expect(document.documentElement).toHaveClass('light');
  });

  it('moves the choice with arrow keys', async () => {
    fakeSystemScheme(false);
    stop = initTheme();
    render(<ThemeToggle />);
    screen.getByRole('radio', { name: 'System theme' }).focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('radio', { name: 'Light theme' })).toHaveAttribute('aria-checked', 'true');
    expect(screen.getByRole('radio', { name: 'Light theme' })).toHaveFocus();
  });
});
