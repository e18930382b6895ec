import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { API_ERROR } from '@/contract/api-errors';
import type { BoardCard } from '@/contract/board';
import { ROLE } from '@/contract/roles';
import { Alert } from '@/web/components/ui/alert';
import { Button } from '@/web/components/ui/button';
import { boardQueries } from '@/web/features/board/api/board-queries';
import { BoardOverview } from '@/web/features/board/components/board-overview';
import { useSubmitInteraction } from '@/web/features/interaction/api/use-submit-interaction';
import { InteractionForm } from '@/web/features/interaction/components/interaction-form';
import { sessionQueries } from '@/web/features/session/api/session-queries';
import { ApiRequestError } from '@/web/lib/api-client';
import { useDocumentTitle } from '@/web/lib/use-document-title';

/** `/board` — the operator's board, with prompts answerable from their cards. */
export function BoardPage() {
  useDocumentTitle('Board');
  const session = useQuery(sessionQueries.current());
  const role = session.data?.user.role;
  // The server enforces roles regardless; this only decides whether to offer the form.
  const canOperate = role === ROLE.operator || role === ROLE.admin;
  return (
    <div className="flex min-w-0 flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-fg">Board</h1>
        <p className="text-sm text-fg-muted">Active runs by what they need: a person first, then review, work and the queue.</p>
      </div>
      <BoardOverview
        renderAnswer={(card) =>
          !card.interaction ? null : canOperate ? (
            <InlineAnswer key={card.interaction.promptId} card={card} />
          ) : (
            <ReadOnlyPrompt message={card.interaction.message} />
          )
        }
      />
    </div>
  );
}

/**
 * Answers a card's prompt through the same action route as the run page: the prompt id travels
 * with the answer (at most one answer per prompt, audited on the server) and the form refuses a
 * second submit while one is under way. Opened on demand so a board of prompts does not fight
 * over focus.
 */
function InlineAnswer({ card }: { card: BoardCard }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState(false);
  const interaction = card.interaction!;
  const submit = useSubmitInteraction(card.runId, {
    onAnswered: () => void client.invalidateQueries({ queryKey: boardQueries.all() }),
  });

  if (sent) {
    return (
      <Alert tone="success" title="Answer sent" role="status">
        The agent is trying it on the website; the card moves once the run continues.
      </Alert>
    );
  }
  if (!open) {
    return (
      <div className="flex flex-col gap-2">
        <p className="text-sm whitespace-pre-line text-fg">{interaction.message || 'The website needs input to continue.'}</p>
        <Button variant="primary" size="md" className="self-start" onClick={() => setOpen(true)} aria-label={`Answer the prompt of ${card.runId}`}>
          Answer
        </Button>
      </div>
    );
  }
  return (
    <InteractionForm
      interaction={interaction}
      pending={submit.isPending}
      submitError={submit.error ? answerErrorText(submit.error) : null}
      onSubmit={(input) => {
        if (submit.isPending) return;
        submit.mutate({ promptId: interaction.promptId, input }, { onSuccess: () => setSent(true) });
      }}
    />
  );
}

function ReadOnlyPrompt({ message }: { message: string }) {
  return (
    <div className="flex flex-col gap-1">
      <p className="text-sm whitespace-pre-line text-fg">{message || 'The website needs input to continue.'}</p>
      <p className="text-xs text-fg-muted">An operator can answer this; your role can see the prompt but not answer it.</p>
    </div>
  );
}

function answerErrorText(error: Error): string {
  if (error instanceof ApiRequestError && (error.code === API_ERROR.not_waiting_for_input || error.code === API_ERROR.interaction_conflict)) {
    return 'The run is no longer waiting for this answer: someone else answered or the prompt expired. The board updates by itself.';
  }
  if (error instanceof ApiRequestError && error.code === API_ERROR.forbidden) return 'Your role does not allow answering prompts.';
  return error instanceof ApiRequestError && error.requestId ? `${error.message} (request ${error.requestId})` : error.message;
}
