import { z } from 'zod';

/**
 * The audit log as `/api/audit`, `/api/audit.csv` and `/api/runs/:runId/audit` expose it. Entries
 * say who did what, to which run, from where and how it ended — never what a person typed.
 */

export const AUDIT_ACTIONS = [
  'interaction.submitted',
  'run.canceled',
  'session.signed_in',
  'session.sign_in_failed',
  'session.signed_out',
  'account.created',
  'account.role_changed',
  'account.password_reset',
  'account.password_changed',
  'account.disabled',
  'account.enabled',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['accepted', 'rejected', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const auditEntrySchema = z.object({
  id: z.string(),
  /** ISO 8601. */
  at: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(AUDIT_OUTCOMES),
  actor: z.string().nullable(),
  actorRole: z.string().nullable(),
  runId: z.string().nullable(),
  subject: z.string().nullable(),
  /** Only shown to admins; null for everyone else. */
  address: z.string().nullable(),
  requestId: z.string(),
  upstreamRequestId: z.string().nullable(),
  detail: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** `GET /api/audit`: newest first; `nextCursor` fetches the next older page. */
export const auditListResponseSchema = z.object({
  entries: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
});
export type AuditListResponse = z.infer<typeof auditListResponseSchema>;

/** `GET /api/runs/:runId/audit`: oldest first, as a run's story reads. */
export const runAuditResponseSchema = z.object({
  runId: z.string(),
  entries: z.array(auditEntrySchema),
});
export type RunAuditResponse = z.infer<typeof runAuditResponseSchema>;

export const AUDIT_PAGE_SIZE_MAX = 200;

/** Query string of `GET /api/audit` and `GET /api/audit.csv`; every field optional. */
export const auditFilterSchema = z
  .object({
    actor: z.string().min(1).max(256).optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    runId: z.string().min(1).max(128).optional(),
    /** ISO 8601, inclusive. */
    from: z.iso.datetime({ offset: true }).optional(),
    /** ISO 8601, exclusive. */
    to: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().regex(/^\d{1,18}$/).optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_SIZE_MAX).optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof auditFilterSchema>;
