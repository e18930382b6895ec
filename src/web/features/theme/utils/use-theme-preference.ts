import { useSyncExternalStore } from 'react';
import { getThemePreference, setThemePreference, subscribeTheme, type ThemePreference } from './theme-store';

export function useThemePreference(): [ThemePreference, (preference: ThemePreference) => void] {
  const preference = useSyncExternalStore(subscribeTheme, getThemePreference, () => 'system' as const);
  return [preference, setThemePreference];
}
