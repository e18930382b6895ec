import type { AuditAction, AuditOutcome } from '@/contract/audit';

// The action and outcome lists are part of the /api contract, so they are defined there.
export type { AuditAction, AuditOutcome } from '@/contract/audit';

/**
 * One line of the audit log. Records who did what, to which run, from where, and how it ended —
 * never the values a person typed (MFA codes, security answers).
 */
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

/** Which entry an outcome update is for: the one the action's request wrote. */
export interface AuditEntryKey {
  action: AuditAction;
  runId: string;
  /** Runwatch request id of the call that performed the action. */
  requestId: string;
}

/**
 * Where route handlers send audit entries. Implementations must never throw into the caller; one
 * that returns a promise resolves it once the entry is stored, so callers await it before answering.
 */
export interface AuditSink {
  record(entry: AuditEntryInput): void | Promise<void>;
  /**
   * Settles how an action ended once the run shows it (an answer the website rejected, a cancel
   * that took effect); the rest of the entry stays as written. Optional for sinks that only append.
   */
  updateOutcome?(key: AuditEntryKey, outcome: AuditOutcome, detail?: string | null): void | Promise<void>;
}
