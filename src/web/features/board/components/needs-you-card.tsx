import type { ReactNode } from 'react';
import type { BoardCard as BoardCardData } from '@/contract/board';
import { Spinner } from '@/web/components/ui/spinner';
import { promptKindLabel } from '../utils/board-time';
import { BoardCard } from './board-card';
import { PromptCountdown, type BoardTimeBase } from './board-clock';

interface NeedsYouCardProps {
  card: BoardCardData;
  base: BoardTimeBase;
  windowMinutes: number;
  /** The answer form for this prompt (composed by the page); absent: the prompt is shown read-only. */
  answer?: ReactNode;
}

/** A run waiting for a person: what is asked, for which task and site, how long it waited, time left. */
export function NeedsYouCard({ card, base, windowMinutes, answer }: NeedsYouCardProps) {
  const interaction = card.interaction ?? null;
  return (
    <BoardCard card={card} base={base} timeLabel="Waiting" className="border-amber-300 ring-4 ring-amber-400/15 dark:border-amber-400/40">
      <div className="flex flex-col gap-1 border-t border-line pt-2">
        <p className="text-sm font-semibold text-fg" data-testid="prompt-kind">
          {promptKindLabel(interaction?.type)}
        </p>
        {card.expiresAt ? <PromptCountdown expiresAt={card.expiresAt} base={base} windowMinutes={windowMinutes} /> : null}
      </div>
      {interaction ? (
        (answer ?? <p className="text-sm whitespace-pre-line text-fg">{interaction.message || 'The website needs input to continue.'}</p>)
      ) : card.promptProblem === 'unavailable' ? (
        <p className="text-sm text-fg-muted">The prompt could not be read just now; open the run to see it. Trying again shortly.</p>
      ) : (
        <Spinner label="Reading the prompt…" className="text-sm text-fg-muted" />
      )}
    </BoardCard>
  );
}
