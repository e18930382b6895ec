import { createContext, useContext } from 'react';
import { ChevronDownIcon } from '../../../components/ui/icons';
import { cn } from '../../../lib/cn';
import type { JsonPathSegment } from '../utils/json-path';
import { childCount, childrenOf, isContainer, pathKey } from '../utils/json-path';
import { CHILDREN_PAGE, type JsonTreeState } from './use-json-tree-state';

const TreeContext = createContext<JsonTreeState | null>(null);

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

/**
 * A collapsible view of any JSON value. Collapsed nodes render nothing below them and each node
 * renders at most a page of children, so a 5 MB value costs only what is on screen.
 */
export function JsonTree({ value, rootName, state, label }: JsonTreeProps) {
  return (
    <TreeContext.Provider value={state}>
      <ul aria-label={label} className="font-mono text-[0.8125rem] leading-6">
        <JsonNode name={rootName} value={value} path={ROOT_PATH} depth={0} />
      </ul>
    </TreeContext.Provider>
  );
}

const ROOT_PATH: JsonPathSegment[] = [];

interface JsonNodeProps {
  name: JsonPathSegment;
  value: unknown;
  path: JsonPathSegment[];
  depth: number;
}

function JsonNode({ name, value, path, depth }: JsonNodeProps) {
  const state = useContext(TreeContext)!;
  const key = pathKey(path);
  const container = isContainer(value);
  const open = container && state.expanded.has(key);
  const selected = pathKey(state.selected) === key;
  const count = container ? childCount(value) : 0;
  const limit = state.limits.get(key) ?? CHILDREN_PAGE;

  return (
    <li data-path={key}>
      <button
        type="button"
        aria-expanded={container ? open : undefined}
        aria-current={selected ? 'true' : undefined}
        onClick={() => {
          state.select(path);
          if (container) state.toggle(key);
        }}
        style={{ paddingLeft: `${depth * 1.125 + 0.25}rem` }}
        className={cn(
          'flex w-full min-w-0 items-baseline gap-1.5 rounded-sm pr-2 text-left transition-colors',
          'focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus',
          selected ? 'bg-accent-soft' : 'hover:bg-surface-hover',
        )}
      >
        <span className="inline-flex w-3.5 shrink-0 justify-center self-center text-fg-subtle" aria-hidden="true">
          {container ? <ChevronDownIcon className={cn('size-3.5 transition-transform', open ? '' : '-rotate-90')} /> : null}
        </span>
        <span className={cn('shrink-0', typeof name === 'number' ? 'text-fg-subtle' : 'text-fg')}>
          {name}
        </span>
        <span className="shrink-0 text-fg-subtle">:</span>
        {container ? (
          <span className="truncate text-fg-subtle">
            {Array.isArray(value) ? `[${count.toLocaleString()} ${count === 1 ? 'item' : 'items'}]` : `{${count.toLocaleString()} ${count === 1 ? 'key' : 'keys'}}`}
          </span>
        ) : (
          <Primitive value={value} />
        )}
      </button>
      {open ? (
        <ul>
          {childrenOf(value, limit).map(([segment, child]) => (
            <JsonNode key={String(segment)} name={segment} value={child} path={[...path, segment]} depth={depth + 1} />
          ))}
          {count > limit ? (
            <li>
              <button
                type="button"
                onClick={() => state.showMore(key)}
                style={{ paddingLeft: `${(depth + 1) * 1.125 + 1.5}rem` }}
                className="py-0.5 font-sans text-xs font-medium text-accent-text hover:underline focus-visible:outline-2 focus-visible:outline-focus"
              >
                Show {Math.min(CHILDREN_PAGE, count - limit).toLocaleString()} more ({(count - limit).toLocaleString()} hidden)
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}

function Primitive({ value }: { value: unknown }) {
  if (typeof value === 'string') {
    const shown = value.length > INLINE_STRING_CHARS ? `${value.slice(0, INLINE_STRING_CHARS)}…` : value;
    return <span className="min-w-0 break-all text-emerald-700 dark:text-emerald-300">&quot;{shown}&quot;</span>;
  }
  if (typeof value === 'number') return <span className="text-sky-700 dark:text-sky-300">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="text-violet-700 dark:text-violet-300">{String(value)}</span>;
  if (value === null) return <span className="text-fg-subtle italic">null</span>;
  return <span className="text-fg-subtle">{String(value)}</span>;
}
