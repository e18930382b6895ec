import type { ReactNode } from 'react';
import { cx } from '@/web/lib/cx';
import { InboxIcon } from './icons';

export interface EmptyStateProps {
  title: ReactNode;
  description?: ReactNode;
  /** Defaults to an inbox glyph. */
  icon?: ReactNode;
  /** A button or link that gets the person unstuck (clear filters, start over…). */
  action?: ReactNode;
  className?: string;
}

/** What to show where a list has nothing in it, saying why and what to do next. */
export function EmptyState({ title, description, icon, action, className }: EmptyStateProps) {
  return (
    <div className={cx('flex flex-col items-center justify-center px-6 py-12 text-center', className)}>
      <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-surface-muted text-fg-subtle ring-1 ring-line">
        {icon ?? <InboxIcon className="size-5" />}
      </div>
      <p className="text-sm font-semibold text-fg">{title}</p>
      {description ? <div className="mt-1 max-w-md text-sm text-fg-muted">{description}</div> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}
