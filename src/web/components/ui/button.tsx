import { cva } from 'class-variance-authority';
import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import { cx } from '@/web/lib/cx';
import { Spinner } from './spinner';

/**
 * `ghost-current`: a ghost button for the page or panel that is open; `ghost-accent`: a ghost
 * icon button in the accent colour (a pinned run on the board).
 */
export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost' | 'ghost-current' | 'ghost-accent';
export type ButtonSize = 'sm' | 'md' | 'lg' | 'icon';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Shows a spinner, disables the button and sets `aria-busy`; the label stays for layout. */
  loading?: boolean;
  /** Fully rounded ends, for filter chips. */
  pill?: boolean;
  /** Icon before the label (decorative). */
  icon?: ReactNode;
  ref?: Ref<HTMLButtonElement>;
}

const buttonVariants = cva(
  [
    'inline-flex shrink-0 items-center font-medium whitespace-nowrap transition-colors',
    'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus',
    'disabled:cursor-not-allowed disabled:opacity-55 aria-disabled:cursor-not-allowed aria-disabled:opacity-55',
  ],
  {
    variants: {
      variant: {
        primary: 'bg-accent text-accent-fg shadow-sm hover:bg-accent-hover',
        secondary: 'bg-surface text-fg ring-1 ring-inset ring-line-strong shadow-sm hover:bg-surface-hover',
        danger: 'bg-danger text-danger-fg shadow-sm hover:bg-danger-hover',
        ghost: 'text-fg-muted hover:bg-surface-hover hover:text-fg',
        'ghost-current': 'bg-surface-muted text-fg ring-1 ring-line ring-inset hover:bg-surface-hover hover:text-fg',
        'ghost-accent': 'text-accent-text hover:bg-surface-hover hover:text-fg',
      } satisfies Record<ButtonVariant, string>,
      size: {
        sm: 'h-7 px-2.5 text-xs gap-1.5',
        md: 'h-8 px-3 text-sm gap-2',
        lg: 'h-10 px-4 text-sm gap-2',
        icon: 'size-8 justify-center',
      } satisfies Record<ButtonSize, string>,
      pill: { true: 'rounded-full', false: 'rounded-control' },
    },
    defaultVariants: { variant: 'secondary', size: 'md', pill: false },
  },
);

/**
 * Class string for links that should look like buttons (e.g. a router `<Link>`). `className` adds
 * to the look (layout, width) and sets none of its classes: a variant, size or `pill` changes it.
 */
export function buttonClasses(variant: ButtonVariant = 'secondary', size: ButtonSize = 'md', className?: string, pill = false): string {
  return cx(buttonVariants({ variant, size, pill }), className);
}

export function Button({
  variant = 'secondary',
  size = 'md',
  loading = false,
  pill = false,
  icon,
  disabled,
  className,
  children,
  type = 'button',
  ref,
  ...props
}: ButtonProps) {
  return (
    <button
      ref={ref}
      type={type}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      className={buttonClasses(variant, size, className, pill)}
      {...props}
    >
      {loading ? <Spinner /> : icon}
      {children}
    </button>
  );
}
