import { cva } from 'class-variance-authority';
import type { HTMLAttributes } from 'react';
import { cx } from '@/web/lib/cx';

export type BadgeTone = 'neutral' | 'accent' | 'info' | 'success' | 'warning' | 'danger';
export type BadgeSize = 'sm' | 'md';

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: BadgeTone;
  size?: BadgeSize;
}

/** The shared pill shape; StatusBadge and ResultBadge build on it (they bring their own colours). */
export const badgeVariants = cva('inline-flex items-center gap-1.5 rounded-full font-medium whitespace-nowrap', {
  variants: {
    tone: {
      neutral: 'bg-surface-muted text-fg-muted ring-line-strong/70',
      accent: 'bg-accent-soft text-accent-text ring-accent/25',
      info: 'bg-sky-50 text-sky-800 ring-sky-600/25 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/25',
      success: 'bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25',
      warning: 'bg-amber-50 text-amber-800 ring-amber-600/30 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25',
      danger: 'bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/25',
    } satisfies Record<BadgeTone, string>,
    size: {
      sm: 'px-2 py-0.5 text-xs',
      md: 'px-2.5 py-1 text-sm',
    } satisfies Record<BadgeSize, string>,
    /** The thin inset outline; off for a pill that draws its own border instead. */
    ring: { true: 'ring-1 ring-inset', false: '' },
  },
  defaultVariants: { size: 'sm', ring: true },
});

/** A small label pill. */
export function Badge({ tone = 'neutral', size = 'sm', className, ...props }: BadgeProps) {
  return <span className={cx(badgeVariants({ tone, size }), className)} {...props} />;
}
