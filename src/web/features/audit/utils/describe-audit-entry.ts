import type { AuditAction, AuditEntry, AuditOutcome } from '@/contract/audit';

/** How an interaction's type reads as a verb phrase: an MFA answer is a code, and so on. */
const SUBMITTED_LABELS: Record<string, string> = {
  mfa: 'Code submitted',
  security_question: 'Answer submitted',
  account_selection: 'Account chosen',
};

const ACTION_LABELS: Record<AuditAction, string> = {
  'interaction.submitted': 'Input submitted',
  'run.canceled': 'Cancel requested',
  'session.signed_in': 'Signed in',
  'session.sign_in_failed': 'Sign-in failed',
  'session.signed_out': 'Signed out',
  'account.created': 'Account created',
  'account.role_changed': 'Role changed',
  'account.password_reset': 'Password reset',
  'account.password_changed': 'Password changed',
  'account.disabled': 'Account disabled',
  'account.enabled': 'Account enabled',
};

export const OUTCOME_LABELS: Record<AuditOutcome, string> = {
  accepted: 'accepted',
  rejected: 'rejected',
  failed: 'failed',
  // A cancel is a request until the run is seen canceled.
  requested: 'requested',
  canceled: 'canceled',
};

/** Short name of an action for tables and filter menus, e.g. "Cancel requested". */
export function actionLabel(entry: Pick<AuditEntry, 'action' | 'detail'>): string {
  if (entry.action === 'interaction.submitted' && entry.detail) {
    // The detail starts with the interaction type, optionally followed by ": <error code>".
    const type = entry.detail.split(':')[0]!.trim();
    return SUBMITTED_LABELS[type] ?? ACTION_LABELS[entry.action];
  }
  return ACTION_LABELS[entry.action];
}

export function actionFilterLabel(action: AuditAction): string {
  return ACTION_LABELS[action];
}

/** "Code submitted by alice" — the actor may be unknown (e.g. a failed sign-in with no name). */
export function describeAuditEntry(entry: Pick<AuditEntry, 'action' | 'detail' | 'actor' | 'subject'>): string {
  const what = actionLabel(entry);
  const subject = entry.subject && entry.action.startsWith('account.') && entry.subject !== entry.actor ? ` for ${entry.subject}` : '';
  return entry.actor ? `${what}${subject} by ${entry.actor}` : `${what}${subject}`;
}
