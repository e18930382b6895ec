import { useClockValue } from '@/web/lib/clock';
import { cx } from '@/web/lib/cx';
import { dateTimeTitle, formatRelative } from '@/web/lib/format';
import { useTimeZonePreference } from '@/web/lib/time-zone-preference';

export interface RelativeTimeProps {
  /** ISO 8601 timestamp (or epoch ms / Date). */
  value: string | number | Date;
  className?: string;
}

/**
 * "3 sec. ago" in the viewer's locale, kept current (one shared clock for the whole page), with the
 * exact time in the viewer's chosen zone and in the other one in the tooltip, and a machine-readable
 * `dateTime`.
 */
export function RelativeTime({ value, className }: RelativeTimeProps) {
  const [zone] = useTimeZonePreference();
  const text = useClockValue((now) => formatRelative(value, now, zone));
  const date = value instanceof Date ? value : new Date(value);
  const valid = !Number.isNaN(date.getTime());
  return (
    <time dateTime={valid ? date.toISOString() : undefined} title={valid ? dateTimeTitle(date, zone) : undefined} className={cx('tabular-nums', className)}>
      {text}
    </time>
  );
}
