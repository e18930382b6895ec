import type { ReactNode } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { LogoMark } from '../components/ui/icons';
import { ShortcutSheet } from '../components/ui/shortcut-sheet';
import { TimeZoneToggle } from '../components/ui/time-zone-toggle';
import { cx } from '../lib/cx';
import { LookupBox } from '../features/lookup/components/lookup-box';
import { GlobalShortcuts } from '../features/shortcuts/global-shortcuts';
import { ThemeToggle } from '../features/theme/components/theme-toggle';

export interface AppShellProps {
  /** The signed-in person's menu, rendered at the right end of the header. */
  userMenu?: ReactNode;
  /** Page content; defaults to the router outlet. */
  children?: ReactNode;
}

const NAV_ITEMS = [
  { to: '/board', label: 'Board', end: false },
  { to: '/', label: 'Runs', end: true },
  { to: '/failures', label: 'Failures', end: false },
  { to: '/lookup', label: 'Lookup', end: false },
] as const;

/**
 * The frame around every signed-in page: header with navigation, lookup, time zone, theme and the
 * signed-in person; then the page. The header wraps onto a second row on narrow screens.
 */
export function AppShell({ userMenu, children }: AppShellProps) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-control bg-accent px-3 py-2 text-sm font-medium text-accent-fg focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      {/* Sticky only where there is room: on a phone the header wraps to two rows and would eat the screen. */}
      <header className="border-b border-line bg-surface/85 backdrop-blur supports-[backdrop-filter]:bg-surface/75 md:sticky md:top-0 md:z-20">
        <div className="mx-auto flex min-h-14 max-w-[1440px] flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2 sm:gap-x-6 sm:px-6">
          <Link
            to="/"
            className="flex shrink-0 items-center gap-2 rounded-control text-fg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-focus"
          >
            <LogoMark className="size-6 text-accent" />
            <span className="text-[15px] font-semibold tracking-tight">Runwatch</span>
          </Link>
          <nav aria-label="Primary" className="flex items-center gap-1">
            {NAV_ITEMS.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.end}
                className={({ isActive }) =>
                  cx(
                    'rounded-control px-2.5 py-1.5 text-sm font-medium transition-colors',
                    'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus',
                    isActive ? 'bg-surface-muted text-fg ring-1 ring-inset ring-line' : 'text-fg-muted hover:bg-surface-hover hover:text-fg',
                  )
                }
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex min-w-0 flex-wrap items-center justify-end gap-2 sm:gap-3">
            <LookupBox className="hidden w-72 lg:block xl:w-80" />
            <div className="flex items-center gap-2">
              <TimeZoneToggle />
              <ThemeToggle />
            </div>
            <div data-slot="user-menu" className="flex min-w-0 items-center empty:hidden">
              {userMenu}
            </div>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-[1440px] flex-1 px-4 py-6 focus:outline-none sm:px-6">
        {children ?? <Outlet />}
      </main>
      <GlobalShortcuts />
      <ShortcutSheet />
    </div>
  );
}
