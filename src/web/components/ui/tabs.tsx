import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { cx } from '@/web/lib/cx';

export interface TabItem<K extends string> {
  key: K;
  label: ReactNode;
  /** Small count or badge after the label. */
  badge?: ReactNode;
  disabled?: boolean;
}

export interface TabsProps<K extends string> {
  tabs: readonly TabItem<K>[];
  selected: K;
  onSelect: (key: K) => void;
  /** Names the tab list for screen readers, e.g. "Run sections". */
  label: string;
  /** Renders the selected panel; it is wrapped in the matching `role="tabpanel"`. */
  children: ReactNode;
  className?: string;
}

/**
 * WAI-ARIA tabs with automatic activation: arrow keys, Home and End move between tabs; only the
 * selected tab is in the Tab order. Controlled, so the selection can live in the URL.
 */
export function Tabs<K extends string>({ tabs, selected, onSelect, label, children, className }: TabsProps<K>) {
  const baseId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const enabled = tabs.filter((t) => !t.disabled);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = enabled.findIndex((t) => t.key === selected);
    let next: TabItem<K> | undefined;
    if (event.key === 'ArrowRight') next = enabled[(index + 1) % enabled.length];
    else if (event.key === 'ArrowLeft') next = enabled[(index - 1 + enabled.length) % enabled.length];
    else if (event.key === 'Home') next = enabled[0];
    else if (event.key === 'End') next = enabled[enabled.length - 1];
    if (!next) return;
    event.preventDefault();
    onSelect(next.key);
    listRef.current?.querySelector<HTMLElement>(`[data-tab-key="${CSS.escape(next.key)}"]`)?.focus();
  }

  return (
    <div className={className}>
      <div ref={listRef} role="tablist" aria-label={label} onKeyDown={onKeyDown} className="flex gap-1 border-b border-line">
        {tabs.map((tab) => {
          const isSelected = tab.key === selected;
          return (
            <button
              key={tab.key}
              type="button"
              role="tab"
              id={`${baseId}-tab-${tab.key}`}
              aria-selected={isSelected}
              aria-controls={`${baseId}-panel`}
              tabIndex={isSelected ? 0 : -1}
              disabled={tab.disabled}
              data-tab-key={tab.key}
              onClick={() => onSelect(tab.key)}
              className={cx(
                '-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium transition-colors',
                'focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus disabled:opacity-50',
                isSelected ? 'border-accent text-fg' : 'border-transparent text-fg-muted hover:border-line-strong hover:text-fg',
              )}
            >
              {tab.label}
              {tab.badge !== undefined ? (
                <span className="rounded-full bg-surface-muted px-1.5 text-xs tabular-nums text-fg-muted ring-1 ring-inset ring-line">{tab.badge}</span>
              ) : null}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${selected}`} tabIndex={0} className="pt-4 focus-visible:outline-offset-4">
        {children}
      </div>
    </div>
  );
}
