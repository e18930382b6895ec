import { useEffect, useRef, useState, type ReactNode } from 'react';
import { CheckIcon, CopyIcon } from '../../../components/ui/icons';
import { cn } from '../../../lib/cn';

interface LazyCopyButtonProps {
  /** Called on click only, so copying a 5 MB value costs nothing until someone asks for it. */
  getValue: () => string;
  label: string;
  children?: ReactNode;
  className?: string;
}

const RESET_AFTER_MS = 1500;

/** Like the shared CopyButton, but computes the text when clicked instead of on every render. */
export function LazyCopyButton({ getValue, label, children, className }: LazyCopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  async function copy() {
    try {
      await navigator.clipboard.writeText(getValue());
      setState('copied');
    } catch {
      setState('failed');
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), RESET_AFTER_MS);
  }

  return (
    <span className="inline-flex">
      <button
        type="button"
        onClick={() => void copy()}
        aria-label={children ? undefined : label}
        title={label}
        className={cn(
          'inline-flex h-7 shrink-0 items-center gap-1.5 rounded-md px-2 text-xs font-medium text-fg-muted transition-colors hover:bg-surface-hover hover:text-fg',
          'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus',
          className,
        )}
      >
        {state === 'copied' ? (
          <CheckIcon className="size-3.5 text-emerald-600 dark:text-emerald-400" strokeWidth={2} />
        ) : (
          <CopyIcon className="size-3.5" />
        )}
        {children}
      </button>
      {/* Outside the button, so the announcement never becomes part of the button's name. */}
      <span role="status" aria-live="polite" className="sr-only">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : ''}
      </span>
    </span>
  );
}
