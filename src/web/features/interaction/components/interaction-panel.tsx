import { useState } from 'react';
import { API_ERROR } from '@/contract/api-errors';
import type { RunActionResponse, RunView } from '@/contract/bff';
import { Alert } from '@/web/components/ui/alert';
import { HandIcon } from '@/web/components/ui/icons';
import { ApiRequestError } from '@/web/lib/api-client';
import { useSubmitInteraction } from '../api/use-submit-interaction';
import { InteractionForm } from './interaction-form';

interface InteractionPanelProps {
  run: Pick<RunView, 'id' | 'status' | 'interaction'>;
  /** Operators and admins may answer; viewers see the prompt read-only. */
  canOperate: boolean;
  /** Stops in-flight polls so an old "waiting" answer cannot overwrite the result of this answer. */
  beforeSubmit?: () => Promise<void>;
  /** Puts the run returned by the answer into the page's cache (or refetches it when none came back). */
  onAnswered: (response: RunActionResponse) => void;
}

/** What this page last sent, to tell a fresh prompt ("code rejected") from the one already answered. */
interface SentAnswer {
  /** The server's identity of the answered prompt; a prompt with another id is a fresh one. */
  promptId: string;
  promptType: string;
}

/**
 * The prompt a paused run is waiting on (`interaction_required`), answerable from here, plus what
 * became of the last answer. Renders nothing when there is neither.
 */
export function InteractionPanel({ run, canOperate, beforeSubmit, onAnswered }: InteractionPanelProps) {
  const [sent, setSent] = useState<SentAnswer | null>(null);
  const [formGeneration, setFormGeneration] = useState(0);
  const submit = useSubmitInteraction(run.id, { beforeSubmit, onAnswered });

  const waiting = run.status === 'interaction_required' && run.interaction !== null;
  const isAnsweredPrompt = waiting && sent !== null && run.interaction!.promptId === sent.promptId;
  const isFreshPromptAfterAnswer = waiting && sent !== null && !isAnsweredPrompt;

  if (!waiting) {
    if (sent === null || run.status !== 'running') return null;
    return (
      <Alert tone="success" title="Answer sent — the run continued" role="status">
        The agent is trying the answer on the website. If the website rejects it, a new prompt appears here.
      </Alert>
    );
  }

  const interaction = run.interaction!;
  const rejected = isFreshPromptAfterAnswer && sent?.promptType === interaction.type;
  const followUp = isFreshPromptAfterAnswer && !rejected;

  return (
    <section
      aria-labelledby="interaction-title"
      className="rounded-card border border-amber-300 bg-surface shadow-card ring-4 ring-amber-400/15 dark:border-amber-400/40"
      data-testid="interaction-panel"
    >
      <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 rounded-t-card border-b border-amber-200 bg-amber-50 px-4 py-3 sm:px-5 dark:border-amber-400/25 dark:bg-amber-400/10">
        <h2 id="interaction-title" className="flex items-center gap-2 text-sm font-semibold text-amber-950 dark:text-amber-100">
          <HandIcon className="size-4" />
          {promptTitle(interaction.type)}
        </h2>
        <span className="text-xs text-amber-900/80 dark:text-amber-200/80">The run is paused until someone answers</span>
      </div>
      <div className="flex flex-col gap-4 px-4 py-4 sm:px-5">
        {rejected ? (
          <Alert tone="error" title={interaction.type === 'mfa' ? 'The code was rejected' : 'The answer was not accepted'} role="alert">
            The website asked again. Check the {interaction.type === 'mfa' ? 'code' : 'answer'} and try once more.
          </Alert>
        ) : null}
        {followUp ? <Alert tone="info" title="Answer accepted — the website has another question" role="status" /> : null}
        {isAnsweredPrompt ? (
          <Alert tone="info" title="Answer sent" role="status">
            Waiting for the website to respond…
          </Alert>
        ) : canOperate ? (
          <InteractionForm
            key={formGeneration}
            interaction={interaction}
            pending={submit.isPending}
            submitError={submit.error ? submitErrorText(submit.error) : null}
            onSubmit={(input) => {
              if (submit.isPending) return;
              const { promptId } = interaction;
              submit.mutate(
                { promptId, input },
                {
                  onSuccess: () => {
                    setSent({ promptId, promptType: interaction.type });
                    setFormGeneration((generation) => generation + 1);
                    submit.reset();
                  },
                },
              );
            }}
          />
        ) : (
          <ReadOnlyPrompt message={interaction.message} labels={interaction.fields.map((field) => field.label || field.name)} />
        )}
      </div>
    </section>
  );
}

function ReadOnlyPrompt({ message, labels }: { message: string; labels: string[] }) {
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm whitespace-pre-line text-fg">{message || 'The website needs input to continue.'}</p>
      {labels.length > 0 ? (
        <p className="text-xs text-fg-muted">
          It asks for: <span className="font-medium text-fg">{labels.join(', ')}</span>
        </p>
      ) : null}
      <p className="text-sm font-medium text-fg-muted">An operator can answer this. Your role can view the prompt but not answer it.</p>
    </div>
  );
}

function promptTitle(type: string): string {
  switch (type) {
    case 'mfa':
      return 'One-time code needed';
    case 'security_question':
      return 'Security question';
    case 'account_selection':
      return 'Choose an account';
    default:
      return 'Input needed';
  }
}

function submitErrorText(error: Error): string {
  if (!(error instanceof ApiRequestError)) return error.message;
  switch (error.code) {
    case API_ERROR.not_waiting_for_input:
    case API_ERROR.interaction_conflict:
      return 'The run is no longer waiting for this answer — it may have been answered by someone else or the prompt expired. The page updates by itself.';
    case API_ERROR.interaction_rejected:
    case API_ERROR.invalid_interaction:
      return `The answer was refused: ${error.message}`;
    case API_ERROR.forbidden:
      return 'Your role does not allow answering prompts.';
    // The upstream refused the call itself; each needs a different person to act, none a retry.
    case API_ERROR.upstream_auth:
      return 'The upstream rejected Runwatch’s API key; a Runwatch administrator must check it. Retrying will not help.';
    case API_ERROR.upstream_organization_blocked:
      return 'The organisation’s plan, billing or entitlements do not allow this; the account owner must sort it out with the upstream. Retrying never helps.';
    case API_ERROR.upstream_source_blocked:
      return 'The upstream blocks this website for the organisation; contact the upstream’s support if that is a mistake.';
    default:
      return error.requestId ? `${error.message} (request ${error.requestId})` : error.message;
  }
}
