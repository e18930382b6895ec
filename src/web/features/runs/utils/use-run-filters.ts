import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { parseRunFilters, runFiltersToSearchParams, type RunFilters } from './run-filters';

/** The runs filters, read from and written to the page URL. */
export function useRunFilters(): [RunFilters, (next: RunFilters) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const key = searchParams.toString();
  // Memoised on the URL text so the query key object is stable between renders.
  const filters = useMemo(() => parseRunFilters(new URLSearchParams(key)), [key]);
  const setFilters = useCallback(
    (next: RunFilters) => setSearchParams(runFiltersToSearchParams(next), { replace: true, preventScrollReset: true }),
    [setSearchParams],
  );
  return [filters, setFilters];
}
