import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditListResponseSchema, runAuditResponseSchema } from '@/contract/audit';
import { createLogger } from '../logger';
import { cookieFrom, signIn, startAuthTestServer, type AuthTestServer } from '../testing/auth-test-server';
import type { AuditEntryInput } from './audit-entry';
import { SqliteAuditStore } from './sqlite-audit-store';
import { expectApiError } from '../testing/api-envelope';

const START = Date.parse('2025-03-01T14:00:00Z');
const MINUTE = 60_000;

describe('audit routes', () => {
  let server: AuthTestServer;
  let clock = START;
  const cookies: Record<'viewer' | 'operator' | 'admin', string> = { viewer: '', operator: '', admin: '' };

  const get = (path: string, cookie: string | null) => fetch(`${server.baseUrl}${path}`, { headers: cookie ? { cookie } : {} });

  const record = (entry: Partial<AuditEntryInput> & Pick<AuditEntryInput, 'action'>) =>
    server.auth.audit.record({ outcome: 'accepted', actor: 'olivia', actorRole: 'operator', address: '198.51.100.4', requestId: 'rw_x', ...entry });

  beforeAll(async () => {
    server = await startAuthTestServer({ now: () => clock });
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      await server.addAccount(`${role}-1`, role, `${role}-password-1`);
      cookies[role] = cookieFrom(await signIn(server.baseUrl, `${role}-1`, `${role}-password-1`))!;
    }
    clock = START + MINUTE;
    await record({ action: 'interaction.submitted', runId: 'trun_alpha', detail: 'mfa', upstreamRequestId: 'req_1' });
    clock = START + 2 * MINUTE;
    await record({ action: 'interaction.submitted', runId: 'trun_beta', outcome: 'rejected', detail: 'mfa: invalid_interaction' });
    clock = START + 3 * MINUTE;
    await record({ action: 'run.canceled', runId: 'trun_alpha', actor: 'oscar', detail: 'canceling', upstreamRequestId: 'req_2' });
    clock = START + 4 * MINUTE;
    await record({
      action: 'session.sign_in_failed',
      actor: '=HYPERLINK("http://evil.example")',
      actorRole: null,
      outcome: 'rejected',
      detail: 'unknown_account',
    });
    clock = START + 5 * MINUTE;
  });

  afterAll(async () => {
    await server.close();
  });

  it("lists a run's actions, oldest first, to any signed-in role", async () => {
    const response = await get('/api/runs/trun_alpha/audit', cookies.viewer);
    expect(response.status).toBe(200);
    const body = runAuditResponseSchema.parse(await response.json());
    expect(body.runId).toBe('trun_alpha');
    expect(body.entries.map((e) => [e.action, e.actor, e.outcome, e.upstreamRequestId])).toEqual([
      ['interaction.submitted', 'olivia', 'accepted', 'req_1'],
      ['run.canceled', 'oscar', 'accepted', 'req_2'],
    ]);
    expect(body.entries[0]?.at).toBe(new Date(START + MINUTE).toISOString());
  });

  it('shows addresses to admins only', async () => {
    const asViewer = runAuditResponseSchema.parse(await (await get('/api/runs/trun_alpha/audit', cookies.viewer)).json());
    expect(asViewer.entries.every((e) => e.address === null)).toBe(true);
    const asAdmin = runAuditResponseSchema.parse(await (await get('/api/runs/trun_alpha/audit', cookies.admin)).json());
    expect(asAdmin.entries.every((e) => e.address === '198.51.100.4')).toBe(true);
  });

  it('refuses run audit for anonymous callers and malformed ids', async () => {
    expect((await get('/api/runs/trun_alpha/audit', null)).status).toBe(401);
    const bad = await get('/api/runs/..%2Fetc/audit', cookies.viewer);
    await expectApiError(bad, { status: 400, code: 'invalid_id' });
  });

  it('keeps the full log for admins', async () => {
    expect((await get('/api/audit', null)).status).toBe(401);
    expect((await get('/api/audit', cookies.viewer)).status).toBe(403);
    expect((await get('/api/audit', cookies.operator)).status).toBe(403);
    expect((await get('/api/audit.csv', cookies.operator)).status).toBe(403);
    const response = await get('/api/audit', cookies.admin);
    expect(response.status).toBe(200);
    const body = auditListResponseSchema.parse(await response.json());
    // Newest first; the three sign-ins of the setup come before the seeded entries.
    expect(body.entries.slice(0, 4).map((e) => e.action)).toEqual(['session.sign_in_failed', 'run.canceled', 'interaction.submitted', 'interaction.submitted']);
    expect(body.entries.filter((e) => e.action === 'session.signed_in')).toHaveLength(3);
    expect(body.nextCursor).toBeNull();
  });

  it('filters by actor, action, run id and time range', async () => {
    const list = async (query: string) => auditListResponseSchema.parse(await (await get(`/api/audit?${query}`, cookies.admin)).json()).entries;
    expect((await list('actor=oscar')).map((e) => e.action)).toEqual(['run.canceled']);
    expect((await list('action=interaction.submitted')).map((e) => e.runId)).toEqual(['trun_beta', 'trun_alpha']);
    expect((await list('runId=trun_beta')).map((e) => e.outcome)).toEqual(['rejected']);
    const from = encodeURIComponent(new Date(START + 2 * MINUTE).toISOString());
    const to = encodeURIComponent(new Date(START + 4 * MINUTE).toISOString());
    expect((await list(`from=${from}&to=${to}`)).map((e) => e.action)).toEqual(['run.canceled', 'interaction.submitted']);
  });

  it('pages with an opaque cursor', async () => {
    const first = auditListResponseSchema.parse(await (await get('/api/audit?limit=2', cookies.admin)).json());
    expect(first.entries).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = auditListResponseSchema.parse(await (await get(`/api/audit?limit=2&cursor=${first.nextCursor}`, cookies.admin)).json());
    expect(second.entries).toHaveLength(2);
    expect(second.entries[0]!.id).not.toBe(first.entries[1]!.id);
    expect(Number(second.entries[0]!.id)).toBeLessThan(Number(first.entries[1]!.id));
  });

  it('rejects unknown or malformed filters instead of ignoring them', async () => {
    for (const query of ['action=deleted.everything', 'limit=5000', 'from=yesterday', 'cursor=abc', 'sort=asc']) {
      const response = await get(`/api/audit?${query}`, cookies.admin);
      await expectApiError(response, { status: 400, code: 'invalid_request', what: query });
    }
  });

  it('exports CSV with formula cells neutralised', async () => {
    const response = await get('/api/audit.csv?action=session.sign_in_failed', cookies.admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="runwatch-audit-20250301-140500.csv"');
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toBe('time,action,outcome,actor,actor_role,run_id,subject,address,request_id,upstream_request_id,detail');
    expect(lines[1]).toBe(
      `${new Date(START + 4 * MINUTE).toISOString()},session.sign_in_failed,rejected,"'=HYPERLINK(""http://evil.example"")",,,,198.51.100.4,rw_x,,unknown_account`,
    );
    expect(lines.slice(2)).toEqual(['']);
  });

  it('never throws into the caller when the log cannot be written', async () => {
    const logged: string[] = [];
    const closed = new SqliteAuditStore(
      {
        prepare: () => {
          throw new Error('disk full');
        },
      } as never,
      createLogger({ write: (line) => logged.push(line) }),
      Date.now,
    );
    await expect(
      closed.record({ action: 'run.canceled', outcome: 'accepted', actor: 'a', actorRole: 'operator', address: null, requestId: 'rw_1' }),
    ).resolves.toBeUndefined();
    expect(logged.join('\n')).toContain('audit entry could not be written');
  });
});
