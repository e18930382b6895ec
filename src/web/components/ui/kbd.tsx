import type { HTMLAttributes } from 'react';
import { cx } from '@/web/lib/cx';

/** A keyboard key hint, e.g. <Kbd>/</Kbd>. */
export function Kbd({ className, ...props }: HTMLAttributes<HTMLElement>) {
  return (
    <kbd
      className={cx(
        'inline-flex h-5 min-w-5 items-center justify-center rounded border border-line-strong bg-surface-muted px-1 font-mono text-[11px] font-medium text-fg-muted',
        className,
      )}
      {...props}
    />
  );
}
