import type { Context } from 'hono';
import { API_ERROR } from '@/contract/api-errors';
import { auditFilterSchema, type AuditEntry, type AuditListResponse, type RunAuditResponse } from '@/contract/audit';
import { isValidId } from '@/contract/ids';
import { ROLE } from '@/contract/roles';
import type { AppEnv } from '../app-env';
import { roleAtLeast } from '../http/principal';
import { ApiHttpError, sendApiError } from '../http/api-error';
import type { RouteSpec } from '../http/route-table';
import { auditCsvHeader, auditCsvLine } from './audit-csv';
import type { AuditStore } from './audit-store';

/** Rows one CSV export may hold; the filters narrow anything bigger. */
export const AUDIT_CSV_MAX_ROWS = 100_000;

/** Addresses say where people work from: only admins see them. */
function forCaller(c: Context<AppEnv>, entry: AuditEntry): AuditEntry {
  const principal = c.get('principal');
  return principal && roleAtLeast(principal.role, ROLE.admin) ? entry : { ...entry, address: null };
}

function parseFilter(c: Context<AppEnv>) {
  return auditFilterSchema.safeParse(c.req.query());
}

function invalidFilter(c: Context<AppEnv>, issues: unknown): Response {
  return sendApiError(c, new ApiHttpError(API_ERROR.invalid_request, 'The audit filter is not valid.', { details: issues }));
}

export function createAuditRoutes(store: AuditStore, now: () => number): RouteSpec[] {
  return [
    {
      method: 'GET',
      path: '/api/runs/:runId/audit',
      policy: ROLE.viewer,
      handler: async (c) => {
        const runId = c.req.param('runId') ?? '';
        if (!isValidId('run', runId)) return sendApiError(c, new ApiHttpError(API_ERROR.invalid_id, 'invalid run id', { details: { parameter: 'runId' } }));
        const body: RunAuditResponse = { runId, entries: (await store.forRun(runId)).map((entry) => forCaller(c, entry)) };
        return c.json(body);
      },
    },
    {
      method: 'GET',
      path: '/api/audit',
      policy: ROLE.admin,
      handler: async (c) => {
        const filter = parseFilter(c);
        if (!filter.success) return invalidFilter(c, filter.error.issues.slice(0, 5));
        const body: AuditListResponse = await store.list(filter.data);
        return c.json(body);
      },
    },
    {
      method: 'GET',
      path: '/api/audit.csv',
      policy: ROLE.admin,
      handler: async (c) => {
        const filter = parseFilter(c);
        if (!filter.success) return invalidFilter(c, filter.error.issues.slice(0, 5));
        const { cursor: _cursor, limit: _limit, ...exportFilter } = filter.data;
        // Built in one go, so a failed read answers with an error rather than a cut-off file.
        const lines = [auditCsvHeader()];
        let rows = 0;
        for await (const entry of store.iterate(exportFilter, AUDIT_CSV_MAX_ROWS + 1)) {
          rows += 1;
          if (rows > AUDIT_CSV_MAX_ROWS) break;
          lines.push(auditCsvLine(entry));
        }
        const stamp = new Date(now()).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="runwatch-audit-${stamp}.csv"`);
        if (rows > AUDIT_CSV_MAX_ROWS) c.header('X-Runwatch-Truncated', String(AUDIT_CSV_MAX_ROWS));
        return c.body(lines.join(''));
      },
    },
  ];
}
