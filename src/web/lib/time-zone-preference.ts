import { useSyncExternalStore } from 'react';

/**
 * Which time zone the console shows times in: the viewer's own (`local`, the default) or `utc`,
 * which is what upstream logs and support tickets use. Kept in localStorage so it survives reloads
 * and follows changes made in other tabs.
 */
export const TIME_ZONE_PREFERENCES = ['local', 'utc'] as const;
export type TimeZonePreference = (typeof TIME_ZONE_PREFERENCES)[number];

export const TIME_ZONE_STORAGE_KEY = 'runwatch.timeZone';

const listeners = new Set<() => void>();
let current: TimeZonePreference | null = null;

function isPreference(value: unknown): value is TimeZonePreference {
  return typeof value === 'string' && (TIME_ZONE_PREFERENCES as readonly string[]).includes(value);
}

export function readTimeZonePreference(): TimeZonePreference {
  try {
    const stored = window.localStorage.getItem(TIME_ZONE_STORAGE_KEY);
    return isPreference(stored) ? stored : 'local';
  } catch {
    return 'local'; // storage blocked (privacy mode): the default, without failing the page
  }
}

export function getTimeZonePreference(): TimeZonePreference {
  if (typeof window === 'undefined') return 'local';
  current ??= readTimeZonePreference();
  return current;
}

function notify(): void {
  for (const listener of listeners) listener();
}

export function setTimeZonePreference(preference: TimeZonePreference): void {
  try {
    if (preference === 'local') window.localStorage.removeItem(TIME_ZONE_STORAGE_KEY);
    else window.localStorage.setItem(TIME_ZONE_STORAGE_KEY, preference);
  } catch {
    // Not persisted, but still used for this page view.
  }
  current = preference;
  notify();
}

/** Another tab changed the choice: follow it. */
function onStorage(event: StorageEvent): void {
  if (event.key !== null && event.key !== TIME_ZONE_STORAGE_KEY) return;
  current = readTimeZonePreference();
  notify();
}

export function subscribeTimeZone(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('storage', onStorage);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('storage', onStorage);
  };
}

/** The IANA zone to hand to `Intl.DateTimeFormat`: `UTC`, or undefined for the viewer's own. */
export function intlTimeZone(preference: TimeZonePreference): string | undefined {
  return preference === 'utc' ? 'UTC' : undefined;
}

/**
 * The current choice and its setter. A component that formats times calls this so it re-renders
 * when the viewer switches zones.
 */
export function useTimeZonePreference(): [TimeZonePreference, (preference: TimeZonePreference) => void] {
  const preference = useSyncExternalStore(subscribeTimeZone, getTimeZonePreference, () => 'local' as const);
  return [preference, setTimeZonePreference];
}
