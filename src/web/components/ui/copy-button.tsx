import { useEffect, useRef, useState, type ReactNode } from 'react';
import { cx } from '@/web/lib/cx';
import { CheckIcon, CopyIcon } from './icons';

export interface CopyButtonProps {
  /** The exact text placed on the clipboard; a function is called on click only (for large values). */
  value: string | (() => string);
  /** Accessible name, e.g. "Copy run ID". Defaults to "Copy". */
  label?: string;
  /** Visible text next to the icon; icon-only when omitted. */
  children?: ReactNode;
  className?: string;
}

const RESET_AFTER_MS = 1500;

/** Copies `value` and confirms with a tick plus a polite "Copied" announcement. */
export function CopyButton({ value, label = 'Copy', children, className }: CopyButtonProps) {
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
      await writeClipboard(typeof value === 'function' ? value() : value);
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
        className={cx(
          'inline-flex shrink-0 items-center rounded-md p-1 text-fg-subtle transition-colors hover:bg-surface-hover hover:text-fg',
          'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-focus',
          children ? 'gap-1.5 px-1.5 text-xs font-medium' : 'gap-1',
          className,
        )}
      >
        {state === 'copied' ? <CheckIcon className="size-3.5 text-emerald-600 dark:text-emerald-400" strokeWidth={2} /> : <CopyIcon className="size-3.5" />}
        {children}
      </button>
      {/* A sibling, not a child: content inside a button is presentational and would not be announced. */}
      <span role="status" className="sr-only">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : ''}
      </span>
    </span>
  );
}

/** Clipboard API where available (secure contexts); a hidden textarea otherwise (plain http). */
async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy failed');
}
