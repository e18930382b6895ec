import type { ComponentType, SVGProps } from 'react';
import { MonitorIcon, MoonIcon, SunIcon } from '@/web/components/ui/icons';
import { cx } from '@/web/lib/cx';
import { THEME_PREFERENCES, type ThemePreference } from '../utils/theme-store';
import { useThemePreference } from '../utils/use-theme-preference';

const OPTIONS: Record<ThemePreference, { label: string; Icon: ComponentType<SVGProps<SVGSVGElement>> }> = {
  light: { label: 'Light', Icon: SunIcon },
  dark: { label: 'Dark', Icon: MoonIcon },
  system: { label: 'System', Icon: MonitorIcon },
};

/** Three-way light / dark / system switch, a radio group so the current choice is announced. */
export function ThemeToggle({ className }: { className?: string }) {
  const [preference, setPreference] = useThemePreference();
  return (
    <div
      role="radiogroup"
      aria-label="Colour theme"
      className={cx('inline-flex items-center gap-0.5 rounded-control bg-surface-muted p-0.5 ring-1 ring-inset ring-line', className)}
      onKeyDown={(event) => {
        const index = THEME_PREFERENCES.indexOf(preference);
        const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
        if (step === 0) return;
        event.preventDefault();
        const next = THEME_PREFERENCES[(index + step + THEME_PREFERENCES.length) % THEME_PREFERENCES.length] ?? 'system';
        setPreference(next);
        event.currentTarget.querySelector<HTMLElement>(`[data-theme-option="${next}"]`)?.focus();
      }}
    >
      {THEME_PREFERENCES.map((option) => {
        const { label, Icon } = OPTIONS[option];
        const checked = option === preference;
        return (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={checked}
            aria-label={`${label} theme`}
            title={`${label} theme`}
            tabIndex={checked ? 0 : -1}
            data-theme-option={option}
            onClick={() => setPreference(option)}
            className={cx(
              'inline-flex size-7 items-center justify-center rounded-[calc(var(--radius-control)-2px)] transition-colors',
              'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus',
              checked ? 'bg-surface text-fg shadow-sm ring-1 ring-line' : 'text-fg-subtle hover:text-fg',
            )}
          >
            <Icon className="size-4" />
          </button>
        );
      })}
    </div>
  );
}
