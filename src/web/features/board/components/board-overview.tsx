import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { BoardCard as BoardCardData } from '@/contract/board';
import { Alert } from '@/web/components/ui/alert';
import { Badge } from '@/web/components/ui/badge';
import { Button } from '@/web/components/ui/button';
import { ErrorState } from '@/web/components/ui/error-state';
import { Skeleton } from '@/web/components/ui/skeleton';
import { boardQueries } from '../api/board-queries';
import { BoardCard } from './board-card';
import { BoardSection } from './board-section';
import { NeedsYouCard } from './needs-you-card';

interface BoardOverviewProps {
  /**
   * The inline answer for a waiting prompt; the page composes it from the interaction feature.
   * Returns null when the caller may not answer (the prompt is then shown read-only).
   */
  renderAnswer?: (card: BoardCardData) => ReactNode;
}

/**
 * The operator's board: runs grouped by what they need — needs you, review, running, queued — then
 * what just finished and the caller's other pinned runs. Polls every few seconds while visible.
 */
export function BoardOverview({ renderAnswer }: BoardOverviewProps) {
  const board = useQuery(boardQueries.board());
  const [needsYouExpanded, setNeedsYouExpanded] = useState(false);
  if (board.isPending) return <BoardSkeleton />;
  if (board.isError && !board.data) {
    return (
      <ErrorState
        title="The board could not be loaded"
        description={board.error.message}
        actions={
          <Button onClick={() => void board.refetch()} loading={board.isFetching}>
            Try again
          </Button>
        }
      />
    );
  }
  const data = board.data!;
  const base = { generatedAt: data.generatedAt, receivedAt: data.receivedAt };
  const stuck = data.stuckCount;
  const thresholds = data.stuckAfterMinutes;

  return (
    <div className="flex min-w-0 flex-col gap-6">
      <div className="flex flex-wrap items-center gap-2" aria-live="polite">
        <Badge tone={data.needsYou.total > 0 ? 'warning' : 'neutral'} data-testid="needs-you-count">
          {data.needsYou.total} need{data.needsYou.total === 1 ? 's' : ''} you
        </Badge>
        <Badge tone={stuck > 0 ? 'danger' : 'neutral'} data-testid="stuck-count" title={stuckRule(thresholds)}>
          {stuck} stuck
        </Badge>
        <span className="text-xs text-fg-muted">{stuckRule(thresholds)}</span>
      </div>
      {data.stale || board.isRefetchError ? (
        <Alert tone="warning" title="The board may be behind" role="status">
          {board.isRefetchError
            ? 'Runwatch could not be reached on the last refresh; this is the last board it sent.'
            : 'Runwatch is not getting the upstream’s events right now, so statuses here may lag.'}
        </Alert>
      ) : null}

      <BoardSection
        id="needs-you"
        title="Needs you"
        tone="attention"
        total={data.needsYou.total}
        shown={data.needsYou.cards.length}
        description={`Countdowns assume a prompt waits about ${data.interactionWindow.minutes} min (an estimate)`}
        empty="Nothing is waiting for a person."
      >
        {visible(data.needsYou.cards, needsYouExpanded, NEEDS_YOU_SHOWN).map((card) => (
          <NeedsYouCard key={card.runId} card={card} base={base} windowMinutes={data.interactionWindow.minutes} answer={renderAnswer?.(card)} />
        ))}
      </BoardSection>
      <ShowAll
        count={data.needsYou.cards.length}
        limit={NEEDS_YOU_SHOWN}
        expanded={needsYouExpanded}
        onExpand={() => setNeedsYouExpanded(true)}
        title="Needs you"
      />
      <Group id="review" title="Review" cards={data.review} base={base} timeLabel="In review" empty="No run waits for review." />
      <Group id="running" title="Running" cards={data.running} base={base} timeLabel="For" empty="No run is working right now." />
      <Group id="queued" title="Queued" cards={data.queued} base={base} timeLabel="Queued" empty="No run waits for a session." />
      <Group
        id="just-finished"
        title="Just finished"
        description={`Last ${data.justFinishedMinutes} min`}
        cards={data.justFinished}
        base={base}
        timeLabel="Finished"
        empty="No run finished in the last few minutes."
      />
      <Group
        id="watched"
        title="Pinned elsewhere"
        description="Your pinned runs not in a group above"
        cards={data.watched}
        base={base}
        timeLabel="Changed"
        empty={null}
      />
    </div>
  );
}

function Group({
  id,
  title,
  description,
  cards,
  base,
  timeLabel,
  empty,
}: {
  id: string;
  title: string;
  description?: string;
  cards: { cards: BoardCardData[]; total: number };
  base: { generatedAt: string; receivedAt: number };
  timeLabel: string;
  empty: string | null;
}) {
  const [expanded, setExpanded] = useState(false);
  return (
    <>
      <BoardSection id={id} title={title} description={description} total={cards.total} shown={cards.cards.length} empty={empty}>
        {visible(cards.cards, expanded, GROUP_SHOWN).map((card) => (
          <BoardCard key={card.runId} card={card} base={base} timeLabel={timeLabel} />
        ))}
      </BoardSection>
      <ShowAll count={cards.cards.length} limit={GROUP_SHOWN} expanded={expanded} onExpand={() => setExpanded(true)} title={title} />
    </>
  );
}

/** Cards a group shows before "Show all": enough to scan, few enough that hundreds of runs keep the page quick. */
const GROUP_SHOWN = 12;
const NEEDS_YOU_SHOWN = 24;

/** The first `limit` cards, pinned ones always included. */
function visible(cards: BoardCardData[], expanded: boolean, limit: number): BoardCardData[] {
  return expanded ? cards : cards.filter((card, index) => index < limit || card.pinned);
}

function ShowAll({ count, limit, expanded, onExpand, title }: { count: number; limit: number; expanded: boolean; onExpand: () => void; title: string }) {
  if (expanded || count <= limit) return null;
  return (
    <Button variant="secondary" size="sm" className="-mt-3 self-start" onClick={onExpand}>
      Show all {count} in {title}
    </Button>
  );
}

function stuckRule(minutes: { queued: number; interaction_required: number; review_required: number }): string {
  return `Stuck: queued over ${minutes.queued} min, waiting for input over ${minutes.interaction_required} min, in review over ${minutes.review_required} min`;
}

function BoardSkeleton() {
  return (
    <div className="flex flex-col gap-4" aria-busy="true">
      <span className="sr-only" role="status">
        Loading the board…
      </span>
      <Skeleton className="h-6 w-48" />
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
        <Skeleton className="h-40 w-full rounded-card" />
        <Skeleton className="h-40 w-full rounded-card" />
        <Skeleton className="h-40 w-full rounded-card" />
      </div>
    </div>
  );
}
