/**
 * Display formatting shared by every feature. Dates render in the viewer's locale and time zone;
 * the UTC form goes into tooltips because that is what support tickets and upstream logs use.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `850 ms`, `12 s`, `1 m 36 s`, `2 h 5 m`, `3 d 4 h`; `—` when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) {
    const m = Math.floor(ms / MINUTE);
    const s = Math.floor((ms % MINUTE) / SECOND);
    return s === 0 ? `${m} m` : `${m} m ${s} s`;
  }
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return m === 0 ? `${h} h` : `${h} h ${m} m`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** `0 B`, `512 B`, `1.5 KB`, `12 MB` (binary multiples, one decimal below 10). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${BYTE_UNITS[unit]}`;
}

function toDate(value: string | number | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Date and time in the viewer's locale and time zone, e.g. `12 Mar 2025, 14:03:27`. */
export function formatDateTime(value: string | number | Date): string {
  const date = toDate(value);
  return date ? dateTimeFormat.format(date) : 'Invalid date';
}

/** `2025-03-12 13:03:27 UTC` — unambiguous, for tooltips and copying into tickets. */
export function formatUtc(value: string | number | Date): string {
  const date = toDate(value);
  if (!date) return 'Invalid date';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Tooltip text for a timestamp: local time on the first line, UTC on the second. */
export function dateTimeTitle(value: string | number | Date): string {
  return `${formatDateTime(value)}\n${formatUtc(value)}`;
}

/**
 * `3 s ago`, `5 min ago`, `2 h ago`, `4 d ago`; `in 10 s` for the future. Older than 30 days
 * falls back to the local date, because "93 d ago" is harder to read than a date.
 */
export function formatRelative(value: string | number | Date, now: number): string {
  const date = toDate(value);
  if (!date) return 'Invalid date';
  const diff = now - date.getTime();
  const abs = Math.abs(diff);
  let text: string;
  if (abs < 5 * SECOND) return 'just now';
  if (abs < MINUTE) text = `${Math.floor(abs / SECOND)} s`;
  else if (abs < HOUR) text = `${Math.floor(abs / MINUTE)} min`;
  else if (abs < DAY) text = `${Math.floor(abs / HOUR)} h`;
  else if (abs < 30 * DAY) text = `${Math.floor(abs / DAY)} d`;
  else return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}
