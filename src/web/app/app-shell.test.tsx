import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderRoute } from '../lib/testing/render-route';
import { AppShell } from './app-shell';

describe('AppShell', () => {
  it('puts navigation, lookup, time zone, theme and the user menu in the header', () => {
    renderRoute(
      <AppShell userMenu={<span>menu of olga</span>}>
        <p>page body</p>
      </AppShell>,
      { path: '/lookup' },
    );
    const header = screen.getByRole('banner');
    const nav = within(header).getByRole('navigation', { name: 'Primary' });
    expect(within(nav).getByRole('link', { name: 'Lookup' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Runs' })).not.toHaveAttribute('aria-current');
    expect(within(header).getByRole('search', { name: 'Look up a run' })).toBeInTheDocument();
    expect(within(header).getByRole('radiogroup', { name: 'Time zone' })).toBeInTheDocument();
    expect(within(header).getByRole('radiogroup', { name: 'Colour theme' })).toBeInTheDocument();
    expect(within(header).getByText('menu of olga')).toBeInTheDocument();
    expect(within(screen.getByRole('main')).getByText('page body')).toBeInTheDocument();
  });
});
