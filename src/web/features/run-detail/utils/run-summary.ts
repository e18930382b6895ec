import type { RunView } from '@/contract/bff';
import { formatDuration } from '@/web/lib/format';

/** What the page knows about the first error, explained by the error catalogue (composed by the page). */
export interface FailureHeadline {
  /** The code as the upstream sent it, or a placeholder such as "no code given". */
  code: string;
  /** e.g. "the website rejected the stored credentials". */
  headline: string;
}

function interactionAsk(type: string | undefined): string {
  switch (type) {
    case 'mfa':
      return 'a one-time code';
    case 'security_question':
      return 'the answer to a security question';
    case 'account_selection':
      return 'a choice of account';
    default:
      return 'input from a person';
  }
}

/**
 * One sentence that tells a stranger what happened to the run, e.g.
 * "Failed after 4 m 23 s — the website rejected the stored credentials (auth_invalid)".
 * It never claims success for a completed run unless the result says so.
 */
export function summarizeRun(run: RunView, failure: FailureHeadline | null): string {
  const ran = formatDuration(run.runtimeMs);
  const hasRuntime = run.runtimeMs !== null;
  switch (run.status) {
    case null:
      return `Status “${run.upstreamStatus}” — Runwatch does not recognise it, so it treats the run as not finished and keeps checking.`;
    case 'queued':
      return 'Queued — waiting for a browser session to become available.';
    case 'running':
      return 'Running — the agent is working on the website.';
    case 'interaction_required':
      return `Waiting for a person — the website asked for ${interactionAsk(run.interaction?.type)}.`;
    case 'review_required':
      return hasRuntime
        ? `Finished after ${ran} and awaiting review — not complete until it is reviewed.`
        : 'Finished and awaiting review — not complete until it is reviewed.';
    case 'canceling':
      return 'Canceling — the agent is winding down.';
    case 'canceled':
      return hasRuntime ? `Canceled after ${ran}.` : 'Canceled before it started.';
    case 'completed': {
      const prefix = hasRuntime ? `Completed in ${ran}` : 'Completed';
      if (run.result === 'success') return `${prefix} — the agent reports success.`;
      if (run.result === 'failure') return `${prefix}, but the agent reports failure.`;
      if (run.result === 'unknown') return `${prefix}, outcome unknown — the agent could not confirm it succeeded.`;
      return `${prefix} — no result was reported.`;
    }
    case 'failed': {
      const prefix = hasRuntime ? `Failed after ${ran}` : 'Failed';
      if (!failure) return `${prefix} — the upstream gave no reason.`;
      const more = run.errors.length > 1 ? `, +${run.errors.length - 1} more` : '';
      return `${prefix} — ${failure.headline} (${failure.code}${more}).`;
    }
  }
}
