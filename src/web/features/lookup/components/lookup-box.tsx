import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { SearchIcon } from '@/web/components/ui/icons';
import { Kbd } from '@/web/components/ui/kbd';
import { cx } from '@/web/lib/cx';
import { lookupPath } from '../utils/lookup-paths';
import { insertPastedText, isVisible, LOOKUP_INPUT_ATTRIBUTE, shortcutLabel } from '../utils/lookup-input';

/** The id parser is only needed once someone submits, so every page's first view goes without it. */
const loadPasteIds = () => import('@/contract/paste-ids');

/**
 * The compact "paste an ID" box in the header. Whatever is pasted is read for ids here, and only
 * the ids travel on (to the lookup page, which resolves them); anything else gets an inline
 * explanation. Ctrl/Cmd+K from anywhere focuses a lookup box: the page's own when it has one,
 * else this one, else (on a phone, where this one is hidden) it opens the lookup page.
 */
export function LookupBox({ className }: { className?: string }) {
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() !== 'k' || !(event.metaKey || event.ctrlKey) || event.altKey || event.shiftKey) return;
      event.preventDefault();
      const pageBox = [...document.querySelectorAll<HTMLElement>(`[${LOOKUP_INPUT_ATTRIBUTE}]`)].find(
        (element) => element !== inputRef.current && isVisible(element),
      );
      const target = pageBox ?? (inputRef.current && isVisible(inputRef.current) ? inputRef.current : null);
      if (target) {
        target.focus();
        if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) target.select();
      } else {
        void navigate('/lookup');
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [navigate]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    let parsePastedIds;
    try {
      ({ parsePastedIds } = await loadPasteIds());
    } catch {
      setError('The lookup could not load. Check the connection and try again.');
      return;
    }
    const parsed = parsePastedIds(value);
    if (parsed.kind === 'empty') {
      setError(null);
      return;
    }
    if (parsed.kind === 'invalid') {
      setError(parsed.message);
      return;
    }
    setError(null);
    setValue('');
    inputRef.current?.blur();
    void navigate(lookupPath(parsed.ids.map((entry) => entry.id)));
  }

  return (
    <form role="search" aria-label="Look up a run" onSubmit={(event) => void onSubmit(event)} className={cx('relative', className)}>
      <label className="sr-only" htmlFor={`${errorId}-input`}>
        Run or request ID
      </label>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-fg-subtle" />
      <input
        ref={inputRef}
        id={`${errorId}-input`}
        name="q"
        type="search"
        autoComplete="off"
        spellCheck={false}
        value={value}
        // Fetched while the person types, so a submit does not wait for it; a failure shows on submit.
        onFocus={() => void loadPasteIds().catch(() => undefined)}
        onChange={(event) => {
          setValue(event.target.value);
          if (error) setError(null);
        }}
        onPaste={(event) => {
          // A one-line box would drop the line breaks of a pasted list and glue its ids together.
          const text = event.clipboardData.getData('text');
          if (!/[\r\n]/.test(text)) return;
          event.preventDefault();
          setValue(insertPastedText(event.currentTarget, text));
          if (error) setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            setValue('');
            setError(null);
          }
        }}
        placeholder="Paste IDs or a link"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        aria-keyshortcuts="Control+K Meta+K"
        className={cx(
          'h-8 w-full rounded-control border border-line bg-surface-muted pr-14 pl-8 text-sm text-fg placeholder:text-fg-subtle',
          'transition-colors hover:border-line-strong focus:bg-surface focus-visible:border-accent',
          'focus-visible:outline-2 focus-visible:-outline-offset-1 focus-visible:outline-focus',
          'aria-invalid:border-red-500 dark:aria-invalid:border-red-400',
          '[&::-webkit-search-cancel-button]:hidden',
        )}
      />
      <Kbd className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2" aria-hidden="true">
        {shortcutLabel()}
      </Kbd>
      {error ? (
        <p
          id={errorId}
          role="alert"
          className="absolute top-full right-0 left-0 z-30 mt-1.5 rounded-control border border-red-200 bg-surface px-3 py-2 text-xs leading-relaxed text-red-800 shadow-pop dark:border-red-400/30 dark:text-red-200"
        >
          {error}
        </p>
      ) : null}
    </form>
  );
}
