import { cx } from '@/web/lib/cx';
import { timeZoneName } from '@/web/lib/format';
import { TIME_ZONE_PREFERENCES, useTimeZonePreference, type TimeZonePreference } from '@/web/lib/time-zone-preference';

const LABELS: Record<TimeZonePreference, string> = { local: 'Local', utc: 'UTC' };

/**
 * Local / UTC switch for every time the console shows, a radio group so the choice is announced.
 * The local option names the zone (e.g. "Local · CET") so nobody has to guess what "local" is.
 */
export function TimeZoneToggle({ className }: { className?: string }) {
  const [preference, setPreference] = useTimeZonePreference();
  const localName = timeZoneName('local');
  return (
    <div
      role="radiogroup"
      aria-label="Time zone"
      className={cx('inline-flex items-center gap-0.5 rounded-control bg-surface-muted p-0.5 ring-1 ring-inset ring-line', className)}
      onKeyDown={(event) => {
        const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
        if (step === 0) return;
        event.preventDefault();
        const index = TIME_ZONE_PREFERENCES.indexOf(preference);
        const next = TIME_ZONE_PREFERENCES[(index + step + TIME_ZONE_PREFERENCES.length) % TIME_ZONE_PREFERENCES.length] ?? 'local';
        setPreference(next);
        event.currentTarget.querySelector<HTMLElement>(`[data-time-zone-option="${next}"]`)?.focus();
      }}
    >
      {TIME_ZONE_PREFERENCES.map((option) => {
        const checked = option === preference;
        const description = option === 'local' ? `Times in your time zone (${localName})` : 'Times in UTC, as upstream logs use';
        return (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={checked}
            aria-label={description}
            title={description}
            tabIndex={checked ? 0 : -1}
            data-time-zone-option={option}
            onClick={() => setPreference(option)}
            className={cx(
              'inline-flex h-7 items-center rounded-[calc(var(--radius-control)-2px)] px-2 text-xs font-medium whitespace-nowrap transition-colors',
              'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus',
              checked ? 'bg-surface text-fg shadow-sm ring-1 ring-line' : 'text-fg-subtle hover:text-fg',
            )}
          >
            {option === 'local' && localName !== 'UTC' ? `${LABELS.local} · ${localName}` : LABELS[option]}
          </button>
        );
      })}
    </div>
  );
}
