import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { SearchIcon } from '../../../components/ui/icons';
import { Kbd } from '../../../components/ui/kbd';
import { cn } from '../../../lib/cn';
import { destinationFor } from '../utils/lookup-paths';
import { parseLookupInput } from '../utils/parse-lookup-input';

/**
 * The compact "paste an ID" box in the header. A run id opens the run directly; a request id goes
 * to the lookup page, which resolves it; anything else gets an inline explanation. Press `/`
 * anywhere to focus it.
 */
export function LookupBox({ className }: { className?: string }) {
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== '/' || event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      event.preventDefault();
      inputRef.current?.focus();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const target = parseLookupInput(value);
    if (target.kind === 'empty') {
      setError(null);
      return;
    }
    if (target.kind === 'invalid') {
      setError(target.message);
      return;
    }
    setError(null);
    setValue('');
    inputRef.current?.blur();
    const destination = destinationFor(target);
    if (destination) void navigate(destination);
  }

  return (
    <form role="search" aria-label="Look up a run" onSubmit={onSubmit} className={cn('relative', className)}>
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
        onChange={(event) => {
          setValue(event.target.value);
          if (error) setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            setValue('');
            setError(null);
          }
        }}
        placeholder="Paste a run or request ID"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={cn(
          'h-8 w-full rounded-control border border-line bg-surface-muted pr-8 pl-8 text-sm text-fg placeholder:text-fg-subtle',
          'transition-colors hover:border-line-strong focus:bg-surface focus-visible:border-accent',
          'focus-visible:outline-2 focus-visible:-outline-offset-1 focus-visible:outline-focus',
          'aria-invalid:border-red-500 dark:aria-invalid:border-red-400',
          '[&::-webkit-search-cancel-button]:hidden',
        )}
      />
      <Kbd className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2" aria-hidden="true">
        /
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
