import { cx } from '@/web/lib/cx';

/** A display or corner class in the caller's classes replaces the default one instead of racing it. */
const DISPLAY_CLASS = /(?:^|\s)(?:hidden|block|inline|inline-block|flex|inline-flex|grid)(?:\s|$)/;
const ROUNDED_CLASS = /(?:^|\s)rounded(?:-|\s|$)/;

/** A grey placeholder block shown while content loads; size it with classes (a `rounded-…` or `hidden` of the caller's wins). */
export function Skeleton({ className = '' }: { className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cx(
        !DISPLAY_CLASS.test(className) && 'block',
        !ROUNDED_CLASS.test(className) && 'rounded-md',
        'bg-surface-hover motion-safe:animate-pulse',
        className,
      )}
    />
  );
}
