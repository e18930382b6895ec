import type { RunView } from '@/contract/bff';
import { isTerminal } from '@/contract/run-status';
import type { AuditOutcome } from '../audit/audit-entry';

/**
 * How an accepted action really ended, read from the run afterwards — the server-side twin of the
 * run page's "code rejected" detection (src/web/features/interaction/components/interaction-panel.tsx):
 * after an answer, the run asking again for the same kind of prompt (a new prompt, same type)
 * means the website refused the answer.
 */

export type PendingAction =
  | { action: 'interaction.submitted'; runId: string; requestId: string; promptId: string; promptType: string }
  | { action: 'run.canceled'; runId: string; requestId: string };

/** The audit entry's final outcome, or `stands` when it stays as written. */
export type Settlement = { outcome: AuditOutcome; detail: string } | 'stands';

/** What `view` says about `pending`; null while the run does not tell yet. */
export function settlementOf(pending: PendingAction, view: RunView): Settlement | null {
  if (view.id !== pending.runId) return null;
  const status = view.status;
  if (pending.action === 'run.canceled') {
    if (status === 'canceled') return { outcome: 'canceled', detail: 'canceled' };
    if (status !== null && isTerminal(status)) return { outcome: 'requested', detail: `the run ended ${view.upstreamStatus} before the cancel took effect` };
    return null;
  }
  if (status === 'interaction_required' && view.interaction) {
    if (view.interaction.promptId === pending.promptId) return null;
    // A different kind of prompt is a follow-up question: the answer got the run past the first.
    return view.interaction.type === pending.promptType ? { outcome: 'rejected', detail: `${pending.promptType}: the website asked again` } : 'stands';
  }
  // Still working on it (or a status Runwatch does not know yet): wait and see.
  if (status === null || status === 'running' || status === 'queued' || status === 'interaction_required') return null;
  return 'stands';
}
