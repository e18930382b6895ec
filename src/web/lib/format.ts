import { getTimeZonePreference, intlTimeZone, type TimeZonePreference } from './time-zone-preference';

/**
 * Display formatting shared by every feature. Dates and relative times render through `Intl` in the
 * viewer's locale, dates in the zone they chose (their own unless they switched to UTC, see
 * time-zone-preference.ts), always with the zone's name; the other zone goes into tooltips.
 * Durations stay in one compact notation (`1 m 36 s`): `Intl.DurationFormat` is missing from
 * Node 20 and from older browsers.
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

type FormatKind = 'dateTime' | 'time' | 'date';

const FORMAT_OPTIONS: Record<FormatKind, Intl.DateTimeFormatOptions> = {
  dateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' },
  time: { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  date: { year: 'numeric', month: 'short', day: 'numeric' },
};

const FALLBACK_LOCALE = 'en';

/** Stated tag → usable locale; every formatted time asks, a list formats hundreds per tick. */
const resolvedLocales = new Map<string, string>();

/**
 * The viewer's locale as their browser states it (first of `navigator.languages`), or `en` when
 * the browser names none that `Intl` supports.
 */
export function viewerLocale(): string {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  const stated = nav?.languages?.[0] ?? nav?.language;
  if (!stated) return FALLBACK_LOCALE;
  let resolved = resolvedLocales.get(stated);
  if (resolved === undefined) {
    resolved = supportedLocale(stated);
    resolvedLocales.set(stated, resolved);
  }
  return resolved;
}

function supportedLocale(stated: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([stated])[0] ?? FALLBACK_LOCALE;
  } catch {
    return FALLBACK_LOCALE; // not a well-formed language tag
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per locale, kind and zone: building an Intl formatter is costly, a list formats hundreds of times. */
function formatter(kind: FormatKind, preference: TimeZonePreference): Intl.DateTimeFormat {
  const locale = viewerLocale();
  const key = `${locale}/${kind}/${preference}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, { ...FORMAT_OPTIONS[kind], timeZone: intlTimeZone(preference) });
    formatters.set(key, cached);
  }
  return cached;
}

const relativeFormatters = new Map<string, Intl.RelativeTimeFormat>();

/** `numeric: 'auto'` only for the zero case ("now"); counted days stay counted, never "yesterday". */
function relativeFormatter(numeric: 'auto' | 'always'): Intl.RelativeTimeFormat {
  const locale = viewerLocale();
  const key = `${locale}/${numeric}`;
  let cached = relativeFormatters.get(key);
  if (!cached) {
    cached = new Intl.RelativeTimeFormat(locale, { style: 'short', numeric });
    relativeFormatters.set(key, cached);
  }
  return cached;
}

/**
 * Date and time with its zone, in the viewer's chosen zone (local unless they switched to UTC),
 * e.g. `12 Mar 2025, 14:03:27 CET` or `12 Mar 2025, 13:03:27 UTC`.
 */
export function formatDateTime(value: string | number | Date, preference: TimeZonePreference = getTimeZonePreference()): string {
  const date = toDate(value);
  return date ? formatter('dateTime', preference).format(date) : 'Invalid date';
}

/** `14:02 CET` for a time today (in the chosen zone), the full date and time otherwise. */
export function formatTimeOfDay(value: string | number | Date, now: number = Date.now(), preference: TimeZonePreference = getTimeZonePreference()): string {
  const date = toDate(value);
  if (!date) return 'Invalid date';
  const day = formatter('date', preference);
  return day.format(date) === day.format(new Date(now)) ? formatter('time', preference).format(date) : formatDateTime(date, preference);
}

/** The zone's short name as the console prints it, e.g. `UTC`, `CET`, `GMT+2`. */
export function timeZoneName(preference: TimeZonePreference = getTimeZonePreference(), at: Date = new Date()): string {
  const part = formatter('time', preference)
    .formatToParts(at)
    .find((item) => item.type === 'timeZoneName');
  return part?.value ?? (preference === 'utc' ? 'UTC' : 'local');
}

/** `2025-03-12 13:03:27 UTC` — unambiguous, for tooltips and copying into tickets. */
export function formatUtc(value: string | number | Date): string {
  const date = toDate(value);
  if (!date) return 'Invalid date';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Tooltip text for a timestamp: the chosen zone on the first line, the other one on the second. */
export function dateTimeTitle(value: string | number | Date, preference: TimeZonePreference = getTimeZonePreference()): string {
  const other = preference === 'utc' ? formatDateTime(value, 'local') : formatUtc(value);
  return `${formatDateTime(value, preference)}\n${other}`;
}

/**
 * How long ago (or how far ahead) a time is, in the viewer's locale: `30 sec. ago`, `5 min. ago`,
 * `2 hr. ago`, `4 days ago`, `in 10 sec.` in American English; `now` within 5 s either way. Older
 * than 30 days falls back to the date in the chosen zone, because "93 days ago" is harder to read
 * than a date.
 */
export function formatRelative(value: string | number | Date, now: number, preference: TimeZonePreference = getTimeZonePreference()): string {
  const date = toDate(value);
  if (!date) return 'Invalid date';
  const diff = date.getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 5 * SECOND) return relativeFormatter('auto').format(0, 'second');
  if (abs >= 30 * DAY) return formatter('date', preference).format(date);
  const [count, unit]: [number, Intl.RelativeTimeFormatUnit] =
    abs < MINUTE ? [abs / SECOND, 'second'] : abs < HOUR ? [abs / MINUTE, 'minute'] : abs < DAY ? [abs / HOUR, 'hour'] : [abs / DAY, 'day'];
  return relativeFormatter('always').format(Math.sign(diff) * Math.floor(count), unit);
}
