import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * One piece of a page's view state kept in the address (e.g. `?tab=files`), so a shared link opens
 * the same view. A missing or unknown value reads as the default, and the default is left out of
 * the address. Replaces the history entry, so Back still leaves the page.
 */
export function useViewParam<T extends string>(name: string, allowed: readonly T[], fallback: T): [T, (value: T) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get(name);
  const value = raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : fallback;
  const setValue = useCallback(
    (next: T) => {
      setParams(
        (current) => {
          const updated = new URLSearchParams(current);
          if (next === fallback) updated.delete(name);
          else updated.set(name, next);
          return updated;
        },
        { replace: true, preventScrollReset: true },
      );
    },
    [setParams, name, fallback],
  );
  return [value, setValue];
}
