import { useId, type HTMLAttributes, type ReactNode } from 'react';
import { cx } from '@/web/lib/cx';

export interface CardProps extends Omit<HTMLAttributes<HTMLDivElement>, 'title'> {
  /** Renders a `<section>` labelled by the title when a title is given, else a `<div>`. */
  title?: ReactNode;
  /** Short text under the title. */
  description?: ReactNode;
  /** Controls at the right of the header (buttons, filters). */
  actions?: ReactNode;
  /** Removes the body padding, for tables and lists that run edge to edge. */
  flush?: boolean;
  /** Heading level of the title (default 2). */
  headingLevel?: 2 | 3 | 4;
  /** `attention`: an amber border, for a card of runs that wait on a person. */
  tone?: 'default' | 'attention';
}

/** A bordered surface with an optional header. */
export function Card({ title, description, actions, flush = false, headingLevel = 2, tone = 'default', className, children, id, ...props }: CardProps) {
  const Heading = `h${headingLevel}` as const;
  const generatedId = useId();
  const headingId = title ? `${id ?? generatedId}-title` : undefined;
  const hasHeader = Boolean(title || actions);
  const Root = title ? 'section' : 'div';
  return (
    <Root
      id={id}
      aria-labelledby={headingId}
      className={cx(
        'rounded-card border bg-surface shadow-card',
        tone === 'attention' ? 'border-amber-300/70 dark:border-amber-400/25' : 'border-line',
        className,
      )}
      {...props}
    >
      {hasHeader ? (
        <div className="flex flex-wrap items-start justify-between gap-3 border-b border-line px-4 py-3">
          <div className="min-w-0">
            {title ? (
              <Heading id={headingId} className="text-sm font-semibold text-fg">
                {title}
              </Heading>
            ) : null}
            {description ? <p className="mt-0.5 text-xs text-fg-muted">{description}</p> : null}
          </div>
          {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
        </div>
      ) : null}
      <div className={flush ? undefined : 'p-4'}>{children}</div>
    </Root>
  );
}
