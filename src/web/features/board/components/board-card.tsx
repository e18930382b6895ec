import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { BoardCard as BoardCardData } from '@/contract/board';
import { Badge } from '@/web/components/ui/badge';
import { ResultBadge } from '@/web/components/ui/result-badge';
import { StatusBadge } from '@/web/components/ui/status-badge';
import { cn } from '@/web/lib/cn';
import { FinishedAgo, WaitedFor, type BoardTimeBase } from './board-clock';
import { PinButton } from './pin-button';

interface BoardCardProps {
  card: BoardCardData;
  base: BoardTimeBase;
  /** What the time beside the status means for this group. */
  timeLabel: string;
  /** Extra content (a prompt and its answer form). */
  children?: ReactNode;
  className?: string;
}

/** One run on the board: status, ids, how long it has been in its status, stuck flag and pin. */
export function BoardCard({ card, base, timeLabel, children, className }: BoardCardProps) {
  const finished = card.status === 'completed' || card.status === 'failed' || card.status === 'canceled';
  return (
    <li
      className={cn(
        'flex min-w-0 flex-col gap-2 rounded-card border bg-surface p-3 shadow-card',
        card.stuck ? 'border-red-400 dark:border-red-400/60' : 'border-line',
        className,
      )}
      data-testid="board-card"
      data-run-id={card.runId}
      data-stuck={card.stuck ? 'true' : 'false'}
    >
      <div className="flex min-w-0 items-start justify-between gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-1.5">
          {card.status === null && card.upstreamStatus === '' ? (
            <Badge tone="neutral">Not seen yet</Badge>
          ) : (
            <StatusBadge status={card.status} upstreamStatus={card.upstreamStatus} />
          )}
          {finished ? <ResultBadge result={card.result} status={card.status} /> : null}
          {card.stuck ? (
            <Badge tone="danger" data-testid="stuck-flag">
              Stuck
            </Badge>
          ) : null}
        </div>
        <PinButton runId={card.runId} compact className="-mt-1 -mr-1" />
      </div>
      <Link
        to={`/runs/${encodeURIComponent(card.runId)}`}
        className="min-w-0 truncate font-mono text-sm font-medium text-accent-text underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-focus"
      >
        {card.runId}
      </Link>
      <dl className="grid min-w-0 grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
        <dt className="text-fg-muted">Task</dt>
        <dd className="truncate font-mono text-fg">{card.taskId ?? '—'}</dd>
        <dt className="text-fg-muted">Site</dt>
        <dd className="truncate font-mono text-fg">{card.sourceId ?? '—'}</dd>
        {card.errorCode ? (
          <>
            <dt className="text-fg-muted">Error</dt>
            <dd className="truncate font-mono text-fg">{card.errorCode}</dd>
          </>
        ) : null}
        <dt className="text-fg-muted">{timeLabel}</dt>
        <dd className="text-fg">{finished ? <FinishedAgo at={card.updatedAt} base={base} /> : <WaitedFor since={card.since} base={base} />}</dd>
      </dl>
      {children}
    </li>
  );
}
