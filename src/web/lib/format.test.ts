import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dateTimeTitle, formatBytes, formatDateTime, formatDuration, formatRelative, formatTimeOfDay, formatUtc, timeZoneName, viewerLocale } from './format';
import { getTimeZonePreference, readTimeZonePreference, setTimeZonePreference, TIME_ZONE_STORAGE_KEY } from './time-zone-preference';

/** The browser's stated languages, as `navigator.languages` reports them, until the test ends. */
function stateLanguages(languages: readonly string[], language: string | undefined = languages[0]): void {
  Object.defineProperty(window.navigator, 'languages', { value: languages, configurable: true });
  Object.defineProperty(window.navigator, 'language', { value: language, configurable: true });
}

/** ICU versions differ in which spaces they use (no-break, narrow no-break); the words are what count. */
const spaced = (text: string) => text.replace(/\s/g, ' ');

afterEach(() => {
  // Own properties shadow jsdom's getters; removing them restores the environment's defaults.
  Reflect.deleteProperty(window.navigator, 'languages');
  Reflect.deleteProperty(window.navigator, 'language');
});

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [-5, '—'],
    [0, '0 ms'],
    [850, '850 ms'],
    [12_400, '12 s'],
    [96_000, '1 m 36 s'],
    [120_000, '2 m'],
    [2 * 3_600_000 + 5 * 60_000 + 7_000, '2 h 5 m'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h'],
  ])('formats %s as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1536, '1.5 KB'],
    [10 * 1024, '10 KB'],
    [5 * 1024 * 1024, '5 MB'],
    [1.25 * 1024 ** 3, '1.3 GB'],
    [Number.NaN, '—'],
  ])('formats %s as %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe('viewerLocale', () => {
  it("is the first of the browser's stated languages", () => {
    stateLanguages(['de-AT', 'en-US']);
    expect(viewerLocale()).toBe('de-AT');
  });

  it('falls back to navigator.language, then to English', () => {
    stateLanguages([], 'fr-CA');
    expect(viewerLocale()).toBe('fr-CA');
    stateLanguages([], undefined);
    expect(viewerLocale()).toBe('en');
  });

  it('falls back to English for a tag Intl cannot use', () => {
    stateLanguages(['not a language tag']);
    expect(viewerLocale()).toBe('en');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2025-03-12T13:00:00Z');

  describe('in American English', () => {
    beforeEach(() => stateLanguages(['en-US']));
    it.each([
      ['2025-03-12T12:59:58Z', 'now'],
      ['2025-03-12T13:00:04Z', 'now'],
      ['2025-03-12T12:59:55Z', '5 sec. ago'],
      ['2025-03-12T12:59:30Z', '30 sec. ago'],
      ['2025-03-12T12:55:00Z', '5 min. ago'],
      ['2025-03-12T12:59:00Z', '1 min. ago'],
      ['2025-03-12T10:00:00Z', '3 hr. ago'],
      ['2025-03-11T13:00:00Z', '1 day ago'],
      ['2025-03-08T13:00:00Z', '4 days ago'],
      ['2025-03-12T13:00:20Z', 'in 20 sec.'],
      ['2025-03-12T13:02:10Z', 'in 2 min.'],
    ])('formats %s as %s', (iso, expected) => {
      expect(formatRelative(iso, now)).toBe(expected);
    });
  });

  it("speaks the viewer's language", () => {
    stateLanguages(['de-DE']);
    expect(formatRelative('2025-03-12T12:55:00Z', now)).toBe('vor 5 Min.');
    expect(formatRelative('2025-03-12T13:00:20Z', now)).toBe('in 20 Sek.');
    expect(formatRelative('2025-03-12T13:00:01Z', now)).toBe('jetzt');
    stateLanguages(['fr-FR']);
    expect(spaced(formatRelative('2025-03-12T10:00:00Z', now))).toBe('il y a 3 h');
  });

  it("says the date, in the viewer's locale, for anything older than 30 days", () => {
    stateLanguages(['en-US']);
    expect(spaced(formatRelative('2025-01-20T12:00:00Z', now, 'utc'))).toBe('Jan 20, 2025');
    stateLanguages(['de-DE']);
    expect(spaced(formatRelative('2025-01-20T12:00:00Z', now, 'utc'))).toBe('20. Jan. 2025');
  });

  it('says so for an unparseable timestamp', () => {
    expect(formatRelative('yesterday-ish', now)).toBe('Invalid date');
  });
});

describe('formatUtc', () => {
  it('renders an unambiguous UTC timestamp', () => {
    expect(formatUtc('2025-03-12T14:03:27.123+01:00')).toBe('2025-03-12 13:03:27 UTC');
  });
});

describe('time zones', () => {
  afterEach(() => setTimeZonePreference('local'));
  const instant = '2025-03-12T23:30:05Z';

  it("writes dates and times in the viewer's locale", () => {
    stateLanguages(['en-US']);
    expect(spaced(formatDateTime(instant, 'utc'))).toBe('Mar 12, 2025, 11:30:05 PM UTC');
    stateLanguages(['en-GB']);
    expect(spaced(formatDateTime(instant, 'utc'))).toBe('12 Mar 2025, 23:30:05 UTC');
    stateLanguages(['de-DE']);
    expect(spaced(formatDateTime(instant, 'utc'))).toBe('12. März 2025, 23:30:05 UTC');
    expect(spaced(formatTimeOfDay(instant, Date.parse('2025-03-12T23:50:00Z'), 'utc'))).toBe('23:30 UTC');
  });

  it('names the zone in every date and time', () => {
    expect(formatDateTime(instant, 'utc')).toMatch(/11:30:05\s?PM UTC|23:30:05 UTC/);
    expect(formatDateTime(instant, 'local')).toContain(timeZoneName('local', new Date(instant)));
  });

  it('shows UTC when the viewer chose it, and the other zone in the tooltip', () => {
    setTimeZonePreference('utc');
    expect(formatDateTime(instant)).toContain('UTC');
    const [first, second] = dateTimeTitle(instant).split('\n');
    expect(first).toBe(formatDateTime(instant, 'utc'));
    expect(second).toBe(formatDateTime(instant, 'local'));
    setTimeZonePreference('local');
    expect(dateTimeTitle(instant).split('\n')[1]).toBe('2025-03-12 23:30:05 UTC');
  });

  it('remembers the choice in localStorage and falls back to local for anything else', () => {
    setTimeZonePreference('utc');
    expect(window.localStorage.getItem(TIME_ZONE_STORAGE_KEY)).toBe('utc');
    expect(readTimeZonePreference()).toBe('utc');
    setTimeZonePreference('local');
    expect(window.localStorage.getItem(TIME_ZONE_STORAGE_KEY)).toBeNull();
    window.localStorage.setItem(TIME_ZONE_STORAGE_KEY, 'mars');
    expect(readTimeZonePreference()).toBe('local');
    expect(getTimeZonePreference()).toBe('local');
  });

  it('shows only the time (with its zone) for today and the date otherwise', () => {
    const now = Date.parse('2025-03-12T23:50:00Z');
    expect(formatTimeOfDay(instant, now, 'utc')).toMatch(/^(11:30\sPM|23:30) UTC$/);
    expect(formatTimeOfDay('2025-03-11T08:00:00Z', now, 'utc')).toBe(formatDateTime('2025-03-11T08:00:00Z', 'utc'));
    expect(formatTimeOfDay('not a date', now, 'utc')).toBe('Invalid date');
  });

  it('says the date of a far-away time in the chosen zone', () => {
    // 23:30 UTC on 12 March is already 13 March east of Greenwich; in UTC it is the 12th.
    expect(formatRelative(instant, Date.parse('2025-06-01T00:00:00Z'), 'utc')).toMatch(/12/);
  });
});
