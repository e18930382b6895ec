import { useId, useState, type ReactNode } from 'react';
import { isValidId, type IdKind } from '@/contract/ids';
import { RUN_RESULTS } from '@/contract/run-status';
import { Button } from '@/web/components/ui/button';
import { CheckIcon, ChevronDownIcon, CrossIcon } from '@/web/components/ui/icons';
import { cx } from '@/web/lib/cx';
import { RESULT_LABELS } from '@/web/lib/status-display';
import { CREATED_RANGES, EMPTY_FILTERS, hasAnyFilter, isChipActive, STATUS_CHIPS, toggleChip, type CreatedRange, type RunFilters } from '../utils/run-filters';

interface RunsFilterBarProps {
  filters: RunFilters;
  onChange: (next: RunFilters) => void;
}

/** Status chips plus outcome, time range and id filters for the runs overview. */
export function RunsFilterBar({ filters, onChange }: RunsFilterBarProps) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-3">
      <div role="group" aria-label="Filter by status" className="flex flex-wrap items-center gap-1.5">
        <ChipButton pressed={filters.statuses.length === 0} onClick={() => onChange({ ...filters, statuses: [] })}>
          All statuses
        </ChipButton>
        {STATUS_CHIPS.map((chip) => (
          <ChipButton
            key={chip.key}
            pressed={isChipActive(filters, chip)}
            attention={chip.key === 'needs_human'}
            onClick={() => onChange(toggleChip(filters, chip))}
          >
            {chip.label}
          </ChipButton>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <LabelledSelect
          label="Outcome"
          value={filters.outcome ?? ''}
          onChange={(value) => onChange({ ...filters, outcome: (RUN_RESULTS as readonly string[]).includes(value) ? (value as RunFilters['outcome']) : null })}
          options={[{ value: '', label: 'Any' }, ...RUN_RESULTS.map((r) => ({ value: r, label: RESULT_LABELS[r] }))]}
        />
        <LabelledSelect
          label="Created"
          value={filters.created ?? ''}
          onChange={(value) => onChange({ ...filters, created: value in CREATED_RANGES ? (value as CreatedRange) : null })}
          options={[{ value: '', label: 'Any time' }, ...Object.entries(CREATED_RANGES).map(([value, range]) => ({ value, label: range.label }))]}
        />
        <IdFilterInput
          key={`task:${filters.taskId ?? ''}`}
          label="Task"
          kind="task"
          placeholder="task_…"
          value={filters.taskId}
          onCommit={(taskId) => onChange({ ...filters, taskId })}
        />
        <IdFilterInput
          key={`source:${filters.sourceId ?? ''}`}
          label="Source"
          kind="source"
          placeholder="src_…"
          value={filters.sourceId}
          onCommit={(sourceId) => onChange({ ...filters, sourceId })}
        />
        {hasAnyFilter(filters) ? (
          <Button variant="ghost" size="md" icon={<CrossIcon className="size-3.5" />} onClick={() => onChange(EMPTY_FILTERS)}>
            Clear filters
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function ChipButton({ pressed, attention = false, onClick, children }: { pressed: boolean; attention?: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={cx(
        'inline-flex h-7 items-center gap-1.5 rounded-full px-3 text-xs font-medium ring-1 ring-inset transition-colors',
        'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus',
        pressed ? 'bg-fg text-surface ring-fg' : 'bg-surface text-fg-muted ring-line-strong hover:bg-surface-hover hover:text-fg',
      )}
    >
      {pressed ? <CheckIcon className="size-3" strokeWidth={2.25} /> : null}
      {attention && !pressed ? <span aria-hidden="true" className="size-1.5 rounded-full bg-amber-500" /> : null}
      {children}
    </button>
  );
}

function LabelledSelect({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
}) {
  const id = useId();
  return (
    <FilterField label={label} htmlFor={id} active={value !== ''}>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="h-full cursor-pointer appearance-none bg-transparent pr-7 pl-1 text-sm text-fg focus:outline-none"
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <ChevronDownIcon className="pointer-events-none absolute top-1/2 right-2 size-3.5 -translate-y-1/2 text-fg-subtle" />
    </FilterField>
  );
}

/** A bordered control with its label inside on the left: compact, and still a real <label>. */
function FilterField({
  label,
  htmlFor,
  active,
  invalid = false,
  children,
}: {
  label: string;
  htmlFor: string;
  active: boolean;
  invalid?: boolean;
  children: ReactNode;
}) {
  return (
    <div
      className={cx(
        'relative flex h-8 items-center rounded-control border bg-surface shadow-sm transition-colors',
        'focus-within:outline-2 focus-within:-outline-offset-1 focus-within:outline-focus',
        invalid ? 'border-red-500 dark:border-red-400' : active ? 'border-accent/60' : 'border-line-strong hover:border-fg-subtle/50',
      )}
    >
      <label htmlFor={htmlFor} className="shrink-0 cursor-pointer pr-1 pl-2.5 text-xs font-medium text-fg-subtle">
        {label}
      </label>
      {children}
    </div>
  );
}

/**
 * An id filter that applies on Enter or when focus leaves, and only once the text is a valid id
 * of the right kind; otherwise it says what it expects and sends nothing. The parent keys it on
 * the applied value, so clearing filters elsewhere resets the draft.
 */
function IdFilterInput({
  label,
  kind,
  placeholder,
  value,
  onCommit,
}: {
  label: string;
  kind: IdKind;
  placeholder: string;
  value: string | null;
  onCommit: (value: string | null) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value ?? '');
  const [error, setError] = useState<string | null>(null);

  function commit() {
    const text = draft.trim();
    if (text === '') {
      setError(null);
      if (value !== null) onCommit(null);
      return;
    }
    if (!isValidId(kind, text)) {
      setError(`Expected an ID like ${placeholder.replace('…', 'abc123')}`);
      return;
    }
    setError(null);
    if (text !== value) onCommit(text);
  }

  return (
    <div className="relative">
      <FilterField label={label} htmlFor={id} active={value !== null} invalid={error !== null}>
        <input
          id={id}
          value={draft}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              commit();
            }
          }}
          className="h-full w-28 rounded-r-control bg-transparent pr-2.5 pl-1 font-mono text-[13px] text-fg placeholder:text-fg-subtle focus:outline-none sm:w-32"
        />
      </FilterField>
      {error ? (
        <p
          id={`${id}-error`}
          role="alert"
          className="absolute top-full right-0 z-10 mt-1 rounded-md border border-red-200 bg-surface px-2 py-1 text-xs whitespace-nowrap text-red-700 shadow-pop dark:border-red-400/30 dark:text-red-300"
        >
          {error}
        </p>
      ) : null}
    </div>
  );
}
