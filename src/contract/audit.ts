// Zod Mini, as in bff.ts: the SPA imports this file too and ships only the small build.
import { z } from 'zod/mini';

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

/**
 * `accepted`/`rejected`/`failed` for answers and most actions; an accepted answer becomes `rejected`
 * when the run comes back asking the same kind of prompt again (the website refused it). A cancel
 * is `requested` when the upstream took the request and `canceled` once the run is seen canceled.
 */
export const AUDIT_OUTCOMES = ['accepted', 'rejected', 'failed', 'requested', 'canceled'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const auditEntrySchema = z.object({
  id: z.string(),
  /** ISO 8601. */
  at: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(AUDIT_OUTCOMES),
  actor: z.nullable(z.string()),
  actorRole: z.nullable(z.string()),
  runId: z.nullable(z.string()),
  subject: z.nullable(z.string()),
  /** Only shown to admins; null for everyone else. */
  address: z.nullable(z.string()),
  requestId: z.string(),
  upstreamRequestId: z.nullable(z.string()),
  detail: z.nullable(z.string()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** `GET /api/audit`: newest first; `nextCursor` fetches the next older page. */
export const auditListResponseSchema = z.object({
  entries: z.array(auditEntrySchema),
  nextCursor: z.nullable(z.string()),
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
export const auditFilterSchema = z.strictObject({
  actor: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  action: z.optional(z.enum(AUDIT_ACTIONS)),
  runId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  /** ISO 8601, inclusive. */
  from: z.optional(z.iso.datetime({ offset: true })),
  /** ISO 8601, exclusive. */
  to: z.optional(z.iso.datetime({ offset: true })),
  cursor: z.optional(z.string().check(z.regex(/^\d{1,18}$/))),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(AUDIT_PAGE_SIZE_MAX))),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;
