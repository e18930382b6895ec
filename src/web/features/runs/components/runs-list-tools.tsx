import { buttonClasses, Button } from '@/web/components/ui/button';
import { CrossIcon } from '@/web/components/ui/icons';
import { runFiltersToQuery, type RunFilters } from '../utils/run-filters';

/** Export links for the list as filtered now: every page, written by the server as it reads them. */
export function ExportLinks({ filters }: { filters: RunFilters }) {
  const query = runFiltersToQuery(filters).toString();
  const suffix = query ? `?${query}` : '';
  return (
    <div className="flex items-center gap-1.5" role="group" aria-label="Export the filtered list">
      <span className="text-xs text-fg-subtle">Export</span>
      <a href={`/api/export/runs.csv${suffix}`} download className={buttonClasses('secondary', 'sm')} data-testid="export-csv">
        CSV
      </a>
      <a href={`/api/export/runs.json${suffix}`} download className={buttonClasses('secondary', 'sm')} data-testid="export-json">
        JSON
      </a>
    </div>
  );
}

const GROUP_LABELS: Record<NonNullable<RunFilters['errorGroup']>, string> = {
  platform: 'Platform',
  request: 'Request',
  source: 'Website',
  unknown: 'Unclassified',
};

/**
 * Filters a link into the list may carry that the filter bar has no control for (an error code
 * or group, an exact time window), each as a chip that clears it.
 */
export function LinkedFilterChips({
  filters,
  onChange,
  formatTime,
}: {
  filters: RunFilters;
  onChange: (next: RunFilters) => void;
  formatTime: (iso: string) => string;
}) {
  const chips = [
    filters.errorCode ? { key: 'errorCode', label: `Error code ${filters.errorCode}`, clear: { errorCode: null } } : null,
    filters.errorGroup ? { key: 'errorGroup', label: `Error group ${GROUP_LABELS[filters.errorGroup]}`, clear: { errorGroup: null } } : null,
    filters.createdAfter ? { key: 'createdAfter', label: `Created after ${formatTime(filters.createdAfter)}`, clear: { createdAfter: null } } : null,
    filters.createdBefore ? { key: 'createdBefore', label: `Created before ${formatTime(filters.createdBefore)}`, clear: { createdBefore: null } } : null,
  ].filter((chip) => chip !== null);
  if (chips.length === 0) return null;
  return (
    <ul className="flex flex-wrap items-center gap-1.5" aria-label="Filters from the link">
      {chips.map((chip) => (
        <li key={chip.key}>
          <Button
            size="sm"
            variant="secondary"
            pill
            onClick={() => onChange({ ...filters, ...chip.clear })}
            aria-label={`Remove filter: ${chip.label}`}
            icon={<CrossIcon className="size-3" />}
          >
            {chip.label}
          </Button>
        </li>
      ))}
    </ul>
  );
}

/** What is picked for a bulk cancel, and the buttons to pick more or act. */
export function SelectionBar({
  count,
  onSelectAllMatching,
  gathering,
  onCancel,
  onClear,
}: {
  count: number;
  onSelectAllMatching: () => void;
  gathering: boolean;
  onCancel: () => void;
  onClear: () => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-line bg-surface-muted/50 px-4 py-2 text-xs" data-testid="selection-bar">
      <span className="hidden font-medium text-fg tabular-nums md:inline" role="status">
        {count === 0 ? 'No runs selected' : `${count} ${count === 1 ? 'run' : 'runs'} selected`}
      </span>
      <Button size="sm" variant="ghost" onClick={onSelectAllMatching} loading={gathering}>
        Cancel all matching the filter…
      </Button>
      {count > 0 ? (
        <>
          <Button size="sm" variant="danger" onClick={onCancel}>
            Cancel selected…
          </Button>
          <Button size="sm" variant="ghost" onClick={onClear}>
            Clear selection
          </Button>
        </>
      ) : null}
    </div>
  );
}
