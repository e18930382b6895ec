/**
 * One line of the audit log. Records who did what, to which run, from where, and how it ended —
 * never the values a person typed (MFA codes, security answers).
 */
export type AuditAction =
  | 'interaction.submitted'
  | 'run.canceled'
  | 'session.signed_in'
  | 'session.sign_in_failed'
  | 'session.signed_out'
  | 'account.created'
  | 'account.role_changed'
  | 'account.password_reset'
  | 'account.disabled';

export type AuditOutcome = 'accepted' | 'rejected' | 'failed';

export interface AuditEntryInput {
  action: AuditAction;
  outcome: AuditOutcome;
  /** Account name of the actor; for a failed sign-in, the name that was tried. */
  actor: string | null;
  actorRole: string | null;
  runId?: string | null;
  /** Account affected by an account change. */
  subject?: string | null;
  address: string | null;
  /** Runwatch request id of the call that performed the action. */
  requestId: string;
  upstreamRequestId?: string | null;
  /** Short, secret-free detail, e.g. the error code when an action failed or the interaction type. */
  detail?: string | null;
}

/** Where route handlers send audit entries. Implementations must never throw into the caller. */
export interface AuditSink {
  record(entry: AuditEntryInput): void;
}
