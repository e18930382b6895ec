import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ChevronDownIcon } from '@/web/components/ui/icons';
import { cx } from '@/web/lib/cx';
import { pathKey } from '../utils/json-path';
import { treeRows, type TreeRow } from '../utils/visible-rows';
import { CHILDREN_PAGE, type JsonTreeState } from './use-json-tree-state';

interface JsonTreeProps {
  value: unknown;
  /** Name shown for the root row, e.g. "output". */
  rootName: string;
  state: JsonTreeState;
  /** Accessible name of the tree. */
  label: string;
}

/** Longest string shown inline; the full text is one click away in the selection bar. */
const INLINE_STRING_CHARS = 240;
/** Every row is one line of this height, so the rows on screen follow from the scroll position. */
const ROW_PX = 24;
/** Rows drawn above and below the visible ones, so a fast scroll does not show blanks. */
const OVERSCAN_ROWS = 12;
/** Viewport assumed before it could be measured (the box's largest height, 32rem). */
const FALLBACK_VIEWPORT_PX = 512;

/**
 * A collapsible view of any JSON value, drawn as a window over its rows: collapsed nodes have no
 * rows, open ones list a page of children, and only the rows in (or near) the viewport are in the
 * DOM. Opening a node of 34,000 rows or "expand all" costs what is on screen, not the value's size.
 */
export function JsonTree({ value, rootName, state, label }: JsonTreeProps) {
  const rows = useMemo(() => treeRows(value, rootName, state.expanded, state.limits, CHILDREN_PAGE), [value, rootName, state.expanded, state.limits]);
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);

  // Measured by the observer, after the browser's own layout: reading clientHeight while mounting
  // would force a layout of the whole page inside this render.
  useEffect(() => {
    const element = viewport.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // A node revealed by a search scrolls into view once, when its rows exist.
  const scrolledFor = useRef(0);
  const { revealed } = state;
  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element || !revealed || scrolledFor.current === revealed.token) return;
    const position = rows.indexOfKey(revealed.key);
    if (position < 0) return;
    scrolledFor.current = revealed.token;
    // The height and scroll position the tree already knows: nothing forces a layout before the scroll.
    const shownHeight = viewportHeight || FALLBACK_VIEWPORT_PX;
    const top = position * ROW_PX;
    if (top < scrollTop || top + ROW_PX > scrollTop + shownHeight) {
      element.scrollTop = Math.max(0, top - Math.floor(shownHeight / 3));
      setScrollTop(element.scrollTop);
    }
  }, [revealed, rows, viewportHeight, scrollTop]);

  const height = viewportHeight || FALLBACK_VIEWPORT_PX;
  const first = Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN_ROWS);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_PX) + OVERSCAN_ROWS);
  const selectedKey = pathKey(state.selected);

  return (
    <div
      ref={viewport}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      className="max-h-[32rem] overflow-auto rounded-control border border-line bg-surface px-1 py-1.5"
      data-testid="json-tree-viewport"
    >
      <ul aria-label={label} data-row-count={rows.length} className="relative font-mono text-[0.8125rem] leading-6" style={{ height: rows.length * ROW_PX }}>
        {Array.from({ length: Math.max(0, last - first) }, (_, offset) => {
          const row = rows.at(first + offset);
          return (
            <TreeLine
              key={row.kind === 'node' ? row.key : `more:${row.key}`}
              row={row}
              top={(first + offset) * ROW_PX}
              state={state}
              selected={row.kind === 'node' && row.key === selectedKey}
            />
          );
        })}
      </ul>
    </div>
  );
}

interface TreeLineProps {
  row: TreeRow;
  top: number;
  state: JsonTreeState;
  selected: boolean;
}

function TreeLine({ row, top, state, selected }: TreeLineProps) {
  const style = { top, height: ROW_PX };
  if (row.kind === 'more') {
    return (
      <li className="absolute inset-x-0" style={style}>
        <button
          type="button"
          onClick={() => state.showMore(row.key)}
          style={{ paddingLeft: `${row.depth * 1.125 + 1.5}rem` }}
          className="font-sans text-xs font-medium text-accent-text hover:underline focus-visible:outline-2 focus-visible:outline-focus"
        >
          Show {Math.min(CHILDREN_PAGE, row.hidden).toLocaleString()} more ({row.hidden.toLocaleString()} hidden)
        </button>
      </li>
    );
  }
  const { name, value, path, depth, count, open, key } = row;
  const container = typeof value === 'object' && value !== null;
  return (
    <li data-path={key} className="absolute inset-x-0" style={style}>
      <button
        type="button"
        aria-expanded={container ? open : undefined}
        aria-current={selected ? 'true' : undefined}
        onClick={() => {
          state.select(path);
          if (container) state.toggle(key);
        }}
        style={{ paddingLeft: `${depth * 1.125 + 0.25}rem` }}
        className={cx(
          'flex h-full w-full min-w-0 items-baseline gap-1.5 overflow-hidden rounded-sm pr-2 text-left whitespace-nowrap transition-colors',
          'focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus',
          selected ? 'bg-accent-soft' : 'hover:bg-surface-hover',
        )}
      >
        <span className="inline-flex w-3.5 shrink-0 justify-center self-center text-fg-subtle" aria-hidden="true">
          {container ? <ChevronDownIcon className={cx('size-3.5 transition-transform', open ? '' : '-rotate-90')} /> : null}
        </span>
        <span className={cx('shrink-0', typeof name === 'number' ? 'text-fg-subtle' : 'text-fg')}>{name}</span>
        <span className="shrink-0 text-fg-subtle">:</span>
        {container ? (
          <span className="truncate text-fg-subtle">
            {Array.isArray(value)
              ? `[${count.toLocaleString()} ${count === 1 ? 'item' : 'items'}]`
              : `{${count.toLocaleString()} ${count === 1 ? 'key' : 'keys'}}`}
          </span>
        ) : (
          <Primitive value={value} />
        )}
      </button>
    </li>
  );
}

function Primitive({ value }: { value: unknown }) {
  if (typeof value === 'string') {
    const shown = value.length > INLINE_STRING_CHARS ? `${value.slice(0, INLINE_STRING_CHARS)}…` : value;
    return (
      <span className="min-w-0 truncate text-emerald-700 dark:text-emerald-300" title={value.length > 40 ? shown : undefined}>
        &quot;{shown}&quot;
      </span>
    );
  }
  if (typeof value === 'number') return <span className="text-sky-700 dark:text-sky-300">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="text-violet-700 dark:text-violet-300">{String(value)}</span>;
  if (value === null) return <span className="text-fg-subtle italic">null</span>;
  return <span className="text-fg-subtle">{String(value)}</span>;
}
