import type { InputHTMLAttributes, Ref, SelectHTMLAttributes } from 'react';
import { cn } from '@/web/lib/cn';

/**
 * Shared look of text inputs and selects, so filters and forms match buttons in height and radius.
 * A plain list (no class in it overrides another): merging it while the module loads would build
 * tailwind-merge's tables during the page's start-up task.
 */
export const controlClasses = [
  'h-8 rounded-control border border-line-strong bg-surface px-2.5 text-sm text-fg shadow-sm',
  'placeholder:text-fg-subtle',
  'focus-visible:border-accent focus-visible:outline-2 focus-visible:-outline-offset-1 focus-visible:outline-focus',
  'disabled:cursor-not-allowed disabled:opacity-55',
  'aria-invalid:border-red-500 dark:aria-invalid:border-red-400',
].join(' ');

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  ref?: Ref<HTMLInputElement>;
}

export function Input({ className, ref, ...props }: InputProps) {
  return <input ref={ref} className={cn(controlClasses, className)} {...props} />;
}

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  ref?: Ref<HTMLSelectElement>;
}

export function Select({ className, ref, ...props }: SelectProps) {
  return <select ref={ref} className={cn(controlClasses, 'pr-8', className)} {...props} />;
}
