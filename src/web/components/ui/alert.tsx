import { cva } from 'class-variance-authority';
import type { ReactNode } from 'react';
import { cx } from '@/web/lib/cx';
import { ErrorIcon, InfoIcon, SuccessIcon, WarningIcon } from './icons';

export type AlertTone = 'info' | 'warning' | 'error' | 'success';

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  /** Buttons or links at the end (retry, dismiss…). */
  actions?: ReactNode;
  /**
   * `alert` interrupts screen readers and suits errors that just happened; `status` is polite.
   * Defaults to `alert` for errors and `status` for the rest.
   */
  role?: 'alert' | 'status' | 'none';
  className?: string;
}

const alertBox = cva('flex items-start gap-3 rounded-card border px-3.5 py-3 text-sm', {
  variants: {
    tone: {
      info: 'border-sky-200 bg-sky-50 text-sky-950 dark:border-sky-400/25 dark:bg-sky-400/10 dark:text-sky-100',
      warning: 'border-amber-200 bg-amber-50 text-amber-950 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-100',
      error: 'border-red-200 bg-red-50 text-red-950 dark:border-red-400/25 dark:bg-red-400/10 dark:text-red-100',
      success: 'border-emerald-200 bg-emerald-50 text-emerald-950 dark:border-emerald-400/25 dark:bg-emerald-400/10 dark:text-emerald-100',
    } satisfies Record<AlertTone, string>,
  },
});

const alertIcon = cva('mt-0.5 size-4 shrink-0', {
  variants: {
    tone: {
      info: 'text-sky-600 dark:text-sky-300',
      warning: 'text-amber-600 dark:text-amber-300',
      error: 'text-red-600 dark:text-red-300',
      success: 'text-emerald-600 dark:text-emerald-300',
    } satisfies Record<AlertTone, string>,
  },
});

const ICONS: Record<AlertTone, typeof InfoIcon> = {
  info: InfoIcon,
  warning: WarningIcon,
  error: ErrorIcon,
  success: SuccessIcon,
};

/** An inline message box. */
export function Alert({ tone = 'info', title, children, actions, role, className }: AlertProps) {
  const Icon = ICONS[tone];
  const resolvedRole = role ?? (tone === 'error' ? 'alert' : 'status');
  return (
    <div role={resolvedRole === 'none' ? undefined : resolvedRole} className={cx(alertBox({ tone }), className)}>
      <Icon className={alertIcon({ tone })} />
      <div className="min-w-0 flex-1">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className={cx('leading-relaxed', title ? 'mt-0.5 opacity-90' : undefined)}>{children}</div> : null}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </div>
  );
}
