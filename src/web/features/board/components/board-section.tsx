import type { ReactNode } from 'react';
import { cx } from '@/web/lib/cx';

interface BoardSectionProps {
  id: string;
  title: string;
  /** Runs in the group (also those beyond the cards shown). */
  total: number;
  shown: number;
  description?: ReactNode;
  /** Shown when the group is empty; null hides an empty group entirely. */
  empty: ReactNode | null;
  tone?: 'attention' | 'plain';
  children: ReactNode;
}

/** One group of the board: heading with its count, then its cards in a responsive grid. */
export function BoardSection({ id, title, total, shown, description, empty, tone = 'plain', children }: BoardSectionProps) {
  if (total === 0 && empty === null) return null;
  const headingId = `${id}-title`;
  return (
    <section aria-labelledby={headingId} className="flex min-w-0 flex-col gap-2" data-testid={`board-group-${id}`}>
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <h2 id={headingId} className={cx('text-base font-semibold', tone === 'attention' ? 'text-amber-900 dark:text-amber-100' : 'text-fg')}>
          {title}
        </h2>
        <span className="text-sm text-fg-muted tabular-nums" data-testid="group-count">
          {total}
          {shown < total ? ` (showing ${shown})` : ''}
        </span>
        {description ? <span className="text-xs text-fg-muted">{description}</span> : null}
      </div>
      {total === 0 ? (
        <p className="rounded-card border border-dashed border-line px-3 py-3 text-sm text-fg-muted">{empty}</p>
      ) : (
        <ul className="grid min-w-0 grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-3 2xl:grid-cols-4">{children}</ul>
      )}
    </section>
  );
}
