import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@/contract/bff';
import type { RouteSpec } from '../http/route-table';
import { spaHeaders } from '../testing/auth-test-server';
import { startFullAppTestServer, type FullAppTestServer } from '../testing/full-app-test-server';
import { ROLES, roleAtLeast, type Role, type RoutePolicy } from '../http/principal';
import { expectApiError } from '../testing/api-envelope';

/**
 * Who may call what, written out by hand: viewers read, operators also act on runs, admins also see
 * the audit log. A new route fails this test until it is added here, so every route's policy is a
 * decision someone made on purpose. Public means no sign-in at all.
 */
const EXPECTED_POLICIES: Record<string, RoutePolicy> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  // Its own access rule: a bearer token, or loopback only (src/server/metrics/metrics-access.ts).
  'GET /metrics': 'public',
  'POST /api/session': 'public',
  'GET /api/sign-in/info': 'public',
  'GET /api/session': 'viewer',
  'DELETE /api/session': 'viewer',
  'GET /api/runs': 'viewer',
  'GET /api/runs/:runId': 'viewer',
  'GET /api/runs/:runId/timeline': 'viewer',
  'GET /api/runs/:runId/raw': 'viewer',
  'GET /api/runs/:runId/output': 'viewer',
  'GET /api/runs/:runId/screenshots/:index': 'viewer',
  'GET /api/runs/:runId/files/:storageId': 'viewer',
  'GET /api/runs/:runId/bundle': 'viewer',
  'GET /api/runs/:runId/screenshots': 'viewer',
  'GET /api/export/runs.csv': 'viewer',
  'GET /api/export/runs.json': 'viewer',
  'GET /api/failures': 'viewer',
  'GET /api/board': 'viewer',
  'GET /api/attention': 'viewer',
  // A person's own watchlist and signal settings: anyone signed in keeps their own.
  'GET /api/watchlist': 'viewer',
  'PUT /api/watchlist/:runId': 'viewer',
  'DELETE /api/watchlist/:runId': 'viewer',
  'GET /api/signals/settings': 'viewer',
  'PUT /api/signals/settings': 'viewer',
  // Each run goes through the single-run cancel route, with its own check and audit entry.
  'POST /api/runs/bulk-cancel': 'operator',
  'GET /api/lookup/request/:requestId': 'viewer',
  'POST /api/lookup/resolve': 'viewer',
  'GET /api/lookup/recent': 'viewer',
  'GET /api/events/status': 'viewer',
  'POST /hooks/upstream': 'public',
  'GET /api/runs/:runId/audit': 'viewer',
  'POST /api/runs/:runId/interaction': 'operator',
  'POST /api/runs/:runId/cancel': 'operator',
  'GET /api/audit': 'admin',
  'GET /api/audit.csv': 'admin',
};

/** Syntactically valid values for every path parameter a route may have. */
const PARAM_VALUES: Record<string, string> = {
  runId: 'trun_matrix1',
  requestId: 'req_matrix1',
  storageId: 'stor_matrix1',
  index: '0',
};

function concretePath(spec: RouteSpec): string {
  return spec.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_match, name: string) => {
    const value = PARAM_VALUES[name];
    if (!value) throw new Error(`no test value for path parameter :${name} of ${spec.path}; add one to PARAM_VALUES`);
    return value;
  });
}

function label(spec: RouteSpec): string {
  return `${spec.method} ${spec.path}`;
}

type Caller = Role | 'anonymous';

describe('access control of every registered route', () => {
  let app: FullAppTestServer;
  let routes: readonly RouteSpec[];
  const cookies = new Map<Role, string>();

  beforeAll(async () => {
    app = await startFullAppTestServer();
    routes = app.runwatch.routes.list();
    for (const role of ROLES) cookies.set(role, await app.signInAs(role));
  });

  afterAll(async () => {
    await app.close();
  });

  it('gives every registered route a policy, and exactly the one decided for it', () => {
    const registered = Object.fromEntries(routes.map((spec) => [label(spec), spec.policy]));
    for (const spec of routes) expect(['public', ...ROLES], label(spec)).toContain(spec.policy);
    expect(routes.length, 'a route is registered twice').toBe(Object.keys(registered).length);
    expect(registered).toEqual(EXPECTED_POLICIES);
  });

  it('matches the role matrix: anonymous 401, too weak 403, otherwise the handler runs', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const spec of routes) {
      for (const caller of ['anonymous', ...ROLES] as Caller[]) {
        let cookie = caller === 'anonymous' ? null : cookies.get(caller)!;
        // Signing out ends the session; use a throwaway one so the matrix keeps its cookies.
        if (spec.method === 'DELETE' && spec.path === '/api/session' && caller !== 'anonymous') cookie = await app.signInAs(caller);
        const response = await fetch(app.url + concretePath(spec), {
          method: spec.method,
          headers: spaHeaders(app.url, cookie),
          body: spec.method === 'GET' ? undefined : '{}',
        });
        await response.arrayBuffer();
        const verdict = response.status === 401 ? 'unauthenticated' : response.status === 403 ? 'forbidden' : 'allowed';
        outcomes.push(`${label(spec)} as ${caller}: ${verdict}`);
        const want =
          spec.policy === 'public' ? 'allowed' : caller === 'anonymous' ? 'unauthenticated' : roleAtLeast(caller, spec.policy) ? 'allowed' : 'forbidden';
        expected.push(`${label(spec)} as ${caller}: ${want}`);
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('lets a viewer read but not cancel or answer, and says why', async () => {
    const viewer = cookies.get('viewer')!;
    const cancel = await fetch(`${app.url}/api/runs/trun_matrix1/cancel`, { method: 'POST', headers: spaHeaders(app.url, viewer), body: '{}' });
    await expectApiError(cancel, { status: 403, code: 'forbidden' });
    const answer = await fetch(`${app.url}/api/runs/trun_matrix1/interaction`, {
      method: 'POST',
      headers: spaHeaders(app.url, viewer),
      body: JSON.stringify({ input: { code: '123456' } }),
    });
    expect(answer.status).toBe(403);
  });

  describe('cross-site request defence on unsafe calls', () => {
    const cancelWith = (headers: Record<string, string>) =>
      fetch(`${app.url}/api/runs/trun_matrix1/cancel`, { method: 'POST', headers: { cookie: cookies.get('operator')!, ...headers }, body: '{}' });

    const expectRefused = async (response: Response) => {
      await expectApiError(response, { status: 403, code: 'csrf_rejected' });
    };

    it('accepts the SPA shape (the handler runs and reaches the upstream)', async () => {
      const response = await cancelWith({ 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: app.url });
      expect([401, 403]).not.toContain(response.status);
    });

    it('refuses a form-style content type', async () => {
      await expectRefused(await cancelWith({ 'content-type': 'text/plain', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: app.url }));
      await expectRefused(await cancelWith({ 'content-type': 'application/x-www-form-urlencoded', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: app.url }));
    });

    it('refuses a request without the custom header', async () => {
      await expectRefused(await cancelWith({ 'content-type': 'application/json', origin: app.url }));
    });

    it('refuses a cross-site origin, Origin: null, and a cross-site fetch without Origin', async () => {
      const base = { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE };
      await expectRefused(await cancelWith({ ...base, origin: 'https://evil.example' }));
      await expectRefused(await cancelWith({ ...base, origin: 'null' }));
      await expectRefused(await cancelWith({ ...base, 'sec-fetch-site': 'cross-site' }));
    });

    it('guards sign-in and sign-out the same way', async () => {
      const signInCrossSite = await fetch(`${app.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: 'https://evil.example' },
        body: JSON.stringify({ name: 'operator-user', password: 'operator-test-password' }),
      });
      await expectRefused(signInCrossSite);
      const signOutWithoutHeader = await fetch(`${app.url}/api/session`, {
        method: 'DELETE',
        headers: { 'content-type': 'application/json', origin: app.url, cookie: cookies.get('operator')! },
      });
      await expectRefused(signOutWithoutHeader);
      expect((await fetch(`${app.url}/api/session`, { headers: { cookie: cookies.get('operator')! } })).status).toBe(200);
    });
  });
});
