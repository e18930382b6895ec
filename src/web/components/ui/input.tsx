import type { InputHTMLAttributes, Ref, SelectHTMLAttributes } from 'react';
import { cx } from '@/web/lib/cx';

/** `md` matches buttons in height; `lg` is the taller field of a form on its own (sign-in). */
export type ControlSize = 'md' | 'lg';

const CONTROL_SIZE: Record<ControlSize, string> = { md: 'h-8 text-sm', lg: 'h-10 text-[15px]' };

/** The control look apart from its height and text size, which a `ControlSize` adds. */
const controlShape = [
  'rounded-control border border-line-strong bg-surface px-2.5 text-fg shadow-sm',
  'placeholder:text-fg-subtle',
  'focus-visible:border-accent focus-visible:outline-2 focus-visible:-outline-offset-1 focus-visible:outline-focus',
  'disabled:cursor-not-allowed disabled:opacity-55',
  'aria-invalid:border-red-500 dark:aria-invalid:border-red-400',
].join(' ');

/**
 * Shared look of text inputs and selects, so filters and forms match buttons in height and radius.
 * A plain list (no class in it overrides another): merging it while the module loads would build
 * tailwind-merge's tables during the page's start-up task.
 */
export const controlClasses = `${CONTROL_SIZE.md} ${controlShape}`;

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  ref?: Ref<HTMLInputElement>;
  /** Height and text size (`md` by default); the caller's classes add to the look, they do not override it. */
  controlSize?: ControlSize;
}

export function Input({ className, ref, controlSize = 'md', ...props }: InputProps) {
  return <input ref={ref} className={cx(CONTROL_SIZE[controlSize], controlShape, className)} {...props} />;
}

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  ref?: Ref<HTMLSelectElement>;
}

export function Select({ className, ref, ...props }: SelectProps) {
  return <select ref={ref} className={cx(controlClasses, 'pr-8', className)} {...props} />;
}
