import type { ReactNode } from 'react';
import { cx } from '@/web/lib/cx';
import { WarningIcon } from './icons';

export interface ErrorStateProps {
  title: ReactNode;
  description?: ReactNode;
  /** Support details (request ids, error code) shown in small monospace. */
  details?: ReactNode;
  actions?: ReactNode;
  className?: string;
}

/** A full-panel "something went wrong" state with a way out. */
export function ErrorState({ title, description, details, actions, className }: ErrorStateProps) {
  return (
    <div role="alert" className={cx('flex flex-col items-center px-6 py-14 text-center', className)}>
      <div className="mb-4 flex size-11 items-center justify-center rounded-full bg-red-50 text-red-600 ring-1 ring-red-200 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/25">
        <WarningIcon className="size-5" />
      </div>
      <h2 className="text-base font-semibold text-fg">{title}</h2>
      {description ? <div className="mt-1.5 max-w-lg text-sm text-fg-muted">{description}</div> : null}
      {details ? (
        <div className="mt-3 max-w-lg rounded-md bg-surface-muted px-3 py-2 font-mono text-xs break-all text-fg-muted ring-1 ring-line">{details}</div>
      ) : null}
      {actions ? <div className="mt-5 flex flex-wrap justify-center gap-2">{actions}</div> : null}
    </div>
  );
}
