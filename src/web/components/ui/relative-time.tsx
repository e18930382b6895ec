import { useClockValue } from '../../lib/clock';
import { cn } from '../../lib/cn';
import { dateTimeTitle, formatRelative } from '../../lib/format';

export interface RelativeTimeProps {
  /** ISO 8601 timestamp (or epoch ms / Date). */
  value: string | number | Date;
  className?: string;
}

/**
 * "3 s ago" that keeps itself current (one shared clock for the whole page), with the exact local
 * and UTC time in the tooltip and a machine-readable `dateTime`.
 */
export function RelativeTime({ value, className }: RelativeTimeProps) {
  const text = useClockValue((now) => formatRelative(value, now));
  const date = value instanceof Date ? value : new Date(value);
  const valid = !Number.isNaN(date.getTime());
  return (
    <time
      dateTime={valid ? date.toISOString() : undefined}
      title={valid ? dateTimeTitle(date) : undefined}
      className={cn('tabular-nums', className)}
    >
      {text}
    </time>
  );
}
