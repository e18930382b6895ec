import { cn } from '@/web/lib/cn';

/** A grey placeholder block shown while content loads; size it with classes. */
export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden="true" className={cn('block rounded-md bg-surface-hover motion-safe:animate-pulse', className)} />;
}
