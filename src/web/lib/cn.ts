import { clsx, type ClassValue } from 'clsx';
import { extendTailwindMerge } from 'tailwind-merge';

/**
 * The design tokens src/web/styles.css adds to Tailwind's scales. tailwind-merge only knows the
 * default scales; without these, `rounded-control` and `rounded-full` would both stay on an element.
 */
const mergeClasses = extendTailwindMerge({
  extend: {
    theme: {
      radius: ['control', 'card'],
      shadow: ['card', 'pop'],
      animate: ['live-pulse'],
    },
  },
});

/**
 * Joins class names, skipping falsy entries, and lets a later class win over an earlier one of the
 * same kind: a caller's `text-lg` replaces a component's base `text-sm` instead of racing it in
 * the stylesheet's order. It brings tailwind-merge (about 9 kB gzip), so only pages that need such
 * overrides use it; the UI kit and every first view join with `cx` (./cx.ts) and take overrides
 * as props (a variant, a size).
 */
export function cn(...parts: ClassValue[]): string {
  return mergeClasses(clsx(parts));
}
