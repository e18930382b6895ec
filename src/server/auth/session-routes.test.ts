import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionResponseSchema } from '@/contract/bff';
import { silentLogger } from '../logger';
import { openAuthDatabase } from './auth-database';
import { cookieFrom, signIn, spaHeaders, startAuthTestServer, type AuthTestServer } from '../testing/auth-test-server';
import { MAX_WAITING_SIGN_IN_HASHES, hashPassword, verifyPassword } from './password-hash';
import { expectApiError } from '../testing/api-envelope';

const PASSWORD = 'operator-password-1';

describe('session routes', () => {
  let server: AuthTestServer | null = null;
  let db: Database.Database | null = null;

  afterEach(async () => {
    db?.close();
    db = null;
    await server?.close();
    server = null;
  });

  async function start(options: Parameters<typeof startAuthTestServer>[0] = {}) {
    server = await startAuthTestServer(options);
    await server.addAccount('alice', 'operator', PASSWORD);
    return server;
  }

  const whoAmI = (baseUrl: string, cookie: string | null, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/api/session`, { headers: { ...(cookie ? { cookie } : {}), ...headers } });

  const auditRows = (dataDir: string) => {
    db ??= openAuthDatabase(dataDir, silentLogger);
    return db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Array<Record<string, unknown>>;
  };

  it('signs in with a hardened session cookie and tells who is signed in', async () => {
    const { baseUrl } = await start();
    const response = await signIn(baseUrl, 'alice', PASSWORD);
    expect(response.status).toBe(200);
    expect(sessionResponseSchema.parse(await response.json())).toEqual({ user: { name: 'alice', role: 'operator' } });

    const setCookie = response.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    const attributes = setCookie[0]!.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes[0]).toMatch(/^runwatch_session=[a-z0-9_-]{43}$/);
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=strict');
    expect(attributes).toContain('path=/');
    expect(attributes).toContain(`max-age=${12 * 3600}`);
    expect(attributes).not.toContain('secure'); // plain http on loopback

    const me = await whoAmI(baseUrl, cookieFrom(response));
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ user: { name: 'alice', role: 'operator' } });
  });

  it('answers 401 with the error envelope when nobody is signed in', async () => {
    const { baseUrl } = await start();
    for (const cookie of [null, 'runwatch_session=forged-value', `runwatch_session=${'a'.repeat(43)}`]) {
      const response = await whoAmI(baseUrl, cookie);
      await expectApiError(response, { status: 401, code: 'unauthenticated' });
    }
  });

  it('marks the cookie Secure with the __Host- prefix behind a trusted HTTPS proxy', async () => {
    const { baseUrl } = await start({ auth: { trustedProxies: ['127.0.0.1'] } });
    const response = await signIn(baseUrl, 'alice', PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
    expect(response.status).toBe(200);
    const header = response.headers.getSetCookie()[0]!;
    expect(header).toMatch(/^__Host-runwatch_session=/);
    expect(header.toLowerCase()).toContain('; secure');
    const cookie = cookieFrom(response);
    expect((await whoAmI(baseUrl, cookie, { 'x-forwarded-proto': 'https' })).status).toBe(200);
  });

  it('ignores X-Forwarded-Proto from an untrusted peer', async () => {
    const { baseUrl } = await start();
    const response = await signIn(baseUrl, 'alice', PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
    expect(response.headers.getSetCookie()[0]).toMatch(/^runwatch_session=/);
  });

  it('always sets Secure when configured to, and never when told not to', async () => {
    const secure = await startAuthTestServer({ auth: { secureCookies: true } });
    await secure.addAccount('alice', 'operator', PASSWORD);
    const header = (await signIn(secure.baseUrl, 'alice', PASSWORD)).headers.getSetCookie()[0]!;
    expect(header.toLowerCase()).toContain('; secure');
    await secure.close();

    const { baseUrl } = await start({ auth: { secureCookies: false, trustedProxies: ['127.0.0.1'] } });
    const plain = (await signIn(baseUrl, 'alice', PASSWORD, { headers: { 'x-forwarded-proto': 'https' } })).headers.getSetCookie()[0]!;
    expect(plain.toLowerCase()).not.toContain('secure');
  });

  it('rotates the session id at sign-in: the old cookie stops working', async () => {
    const { baseUrl } = await start();
    const first = cookieFrom(await signIn(baseUrl, 'alice', PASSWORD));
    const second = cookieFrom(await signIn(baseUrl, 'alice', PASSWORD, { cookie: first }));
    expect(second).not.toBe(first);
    expect((await whoAmI(baseUrl, first)).status).toBe(401);
    expect((await whoAmI(baseUrl, second)).status).toBe(200);
  });

  it('signs out by deleting the server-side session', async () => {
    const { baseUrl, auth } = await start();
    const cookie = cookieFrom(await signIn(baseUrl, 'alice', PASSWORD));
    const out = await fetch(`${baseUrl}/api/session`, { method: 'DELETE', headers: spaHeaders(baseUrl, cookie) });
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ signedOut: true });
    expect(out.headers.getSetCookie()[0]).toMatch(/^runwatch_session=; Max-Age=0/);
    // Replaying the old cookie (as a stolen copy would) no longer works.
    expect((await whoAmI(baseUrl, cookie)).status).toBe(401);
    expect(auth.routes.find((r) => r.method === 'DELETE')?.policy).toBe('viewer');
  });

  it('answers an unknown name exactly like a wrong password (no user enumeration)', async () => {
    const { baseUrl } = await start();
    const wrongPassword = await signIn(baseUrl, 'alice', 'not-the-password');
    const unknownName = await signIn(baseUrl, 'mallory', 'not-the-password');
    const oddName = await signIn(baseUrl, 'name with spaces/../', 'not-the-password');
    const bodies = [];
    for (const response of [wrongPassword, unknownName, oddName]) {
      expect(response.headers.getSetCookie()).toEqual([]);
      const error = await expectApiError(response, { status: 401, code: 'invalid_credentials' });
      bodies.push({ code: error.code, message: error.message });
    }
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(bodies[0]).toEqual({ code: 'invalid_credentials', message: 'The name or password is incorrect.' });
  });

  it('gives a disabled account the same generic answer, even with the right password', async () => {
    const { baseUrl, accounts } = await start();
    const cookie = cookieFrom(await signIn(baseUrl, 'alice', PASSWORD));
    await accounts().disable('alice');
    expect((await whoAmI(baseUrl, cookie)).status).toBe(401);
    const response = await signIn(baseUrl, 'alice', PASSWORD);
    await expectApiError(response, { status: 401, code: 'invalid_credentials' });
  });

  it('takes a role change into account on the next request', async () => {
    const { baseUrl, accounts } = await start();
    const cookie = cookieFrom(await signIn(baseUrl, 'alice', PASSWORD));
    await accounts().setRole('alice', 'viewer');
    expect(await (await whoAmI(baseUrl, cookie)).json()).toEqual({ user: { name: 'alice', role: 'viewer' } });
  });

  it('locks an account after five failures, for known and unknown names alike', async () => {
    const { baseUrl } = await start();
    for (const name of ['alice', 'nobody']) {
      for (let i = 0; i < 5; i += 1) expect((await signIn(baseUrl, name, 'wrong-password')).status).toBe(401);
      const locked = await signIn(baseUrl, name, name === 'alice' ? PASSWORD : 'anything');
      expect(locked.headers.get('retry-after')).toBe('30');
      await expectApiError(locked, { status: 429, code: 'too_many_attempts' });
    }
  });

  describe('expiry (with a movable clock)', () => {
    const MINUTE = 60_000;
    let clock = Date.parse('2025-03-01T09:00:00Z');
    const now = () => clock;

    const sessionRows = (dataDir: string) => {
      db ??= openAuthDatabase(dataDir, silentLogger);
      return (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
    };

    it('ends a session left idle past the idle limit, and deletes its row', async () => {
      const { baseUrl, dataDir } = await start({ now, auth: { sessionIdleMinutes: 30 } });
      const cookie = cookieFrom(await signIn(baseUrl, 'alice', PASSWORD));
      clock += 29 * MINUTE;
      expect((await whoAmI(baseUrl, cookie)).status).toBe(200);
      expect(sessionRows(dataDir)).toBe(1);

      // 29 minutes since the last use is fine again; 30 is not.
      clock += 29 * MINUTE;
      expect((await whoAmI(baseUrl, cookie)).status).toBe(200);
      clock += 30 * MINUTE;
      const expired = await whoAmI(baseUrl, cookie);
      await expectApiError(expired, { status: 401, code: 'unauthenticated' });
      expect(sessionRows(dataDir)).toBe(0);
      // Using it again later does not bring it back.
      clock -= 30 * MINUTE;
      expect((await whoAmI(baseUrl, cookie)).status).toBe(401);
    });

    it('ends an active session at the absolute limit, and deletes its row', async () => {
      const { baseUrl, dataDir } = await start({ now, auth: { sessionIdleMinutes: 60, sessionMaxHours: 2 } });
      const cookie = cookieFrom(await signIn(baseUrl, 'alice', PASSWORD));
      // Used every 20 minutes, so never idle, for just under two hours.
      for (let elapsed = 20; elapsed < 120; elapsed += 20) {
        clock += 20 * MINUTE;
        expect((await whoAmI(baseUrl, cookie)).status, `after ${elapsed} minutes`).toBe(200);
      }
      clock += 20 * MINUTE;
      expect((await whoAmI(baseUrl, cookie)).status).toBe(401);
      expect(sessionRows(dataDir)).toBe(0);
      // Signing in again starts a new session.
      expect((await whoAmI(baseUrl, cookieFrom(await signIn(baseUrl, 'alice', PASSWORD)))).status).toBe(200);
    });
  });

  it('locks out an address after twenty failures across any names, and only that address', async () => {
    let clock = Date.parse('2025-03-01T09:00:00Z');
    const { baseUrl } = await start({ now: () => clock, auth: { trustedProxies: ['127.0.0.1'] } });
    const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
    // Four names, five tries each: every try is still answered, so the address count reaches twenty.
    for (let i = 0; i < 20; i += 1) {
      const response = await signIn(baseUrl, `guess-${i % 4}`, 'wrong-password', from('203.0.113.7'));
      expect(response.status, `attempt ${i + 1}`).toBe(401);
    }

    // The right password for a name that was never tried: refused from that address alone.
    const locked = await signIn(baseUrl, 'alice', PASSWORD, from('203.0.113.7'));
    expect(locked.headers.get('retry-after')).toBe('30');
    expect(locked.headers.getSetCookie()).toEqual([]);
    const error = await expectApiError(locked, { status: 429, code: 'too_many_attempts' });
    expect(error.message).toBe('Too many failed sign-ins. Try again in 1 minute.');

    expect((await signIn(baseUrl, 'alice', PASSWORD, from('203.0.113.8'))).status).toBe(200);
    clock += 31_000;
    expect((await signIn(baseUrl, 'alice', PASSWORD, from('203.0.113.7'))).status).toBe(200);
  });

  it('answers 503 busy at once while too many sign-ins wait, the same for known and unknown names', async () => {
    const { baseUrl, dataDir } = await start();
    // The first unknown name makes sure the dummy hash exists before the line fills up.
    expect((await signIn(baseUrl, 'warm-up', 'wrong-password')).status).toBe(401);

    // Fill the (process-wide) hash line from here: two checks running and twice as many waiting as
    // sign-ins may queue behind, so the line stays full for several check lengths.
    const slow = await hashPassword('filler-password', { logN: 14, r: 8, p: 1 });
    const fillers = Array.from({ length: 2 + 2 * MAX_WAITING_SIGN_IN_HASHES }, () => verifyPassword('filler-password', slow, 'wait'));
    const names = ['alice', 'nobody', 'alice', 'nobody', 'alice', 'alice', 'alice', 'alice'];
    const probes = await Promise.all(names.map((name) => signIn(baseUrl, name, name === 'alice' ? PASSWORD : 'wrong-password')));
    await Promise.all(fillers);

    const bodies = [];
    for (const response of probes) {
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.headers.getSetCookie()).toEqual([]);
      const error = await expectApiError(response, { status: 503, code: 'busy' });
      bodies.push({ code: error.code, message: error.message });
    }
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    expect(bodies[0]).toEqual({ code: 'busy', message: 'Runwatch is busy signing people in. Try again in a moment.' });

    // Nothing was checked, so nothing counted: six refusals for alice did not lock her out.
    expect((await signIn(baseUrl, 'alice', PASSWORD)).status).toBe(200);
    expect(
      auditRows(dataDir)
        .filter((row) => row.action === 'session.sign_in_failed')
        .map((row) => row.actor),
    ).toEqual(['warm-up']);
  });

  it('requires a new password at the first sign-in with a one-time password', async () => {
    const { baseUrl, accounts } = await start();
    await accounts().resetPassword('alice', 'one-time-password-9', true);

    const first = await signIn(baseUrl, 'alice', 'one-time-password-9');
    expect(first.headers.getSetCookie()).toEqual([]);
    await expectApiError(first, { status: 409, code: 'password_change_required' });

    const weak = await signIn(baseUrl, 'alice', 'one-time-password-9', { newPassword: 'short' });
    await expectApiError(weak, { status: 400, code: 'weak_password' });
    const same = await signIn(baseUrl, 'alice', 'one-time-password-9', { newPassword: 'one-time-password-9' });
    expect(same.status).toBe(400);

    // A wrong one-time password does not get as far as choosing a new one.
    expect((await signIn(baseUrl, 'alice', 'not-it-at-all', { newPassword: 'my-own-passphrase' })).status).toBe(401);

    const done = await signIn(baseUrl, 'alice', 'one-time-password-9', { newPassword: 'my-own-passphrase' });
    expect(done.status).toBe(200);
    expect((await whoAmI(baseUrl, cookieFrom(done))).status).toBe(200);
    expect((await signIn(baseUrl, 'alice', 'one-time-password-9')).status).toBe(401);
    expect((await signIn(baseUrl, 'alice', 'my-own-passphrase')).status).toBe(200);
  });

  it('rejects malformed sign-in bodies with 400 and cross-site sign-ins with 403', async () => {
    const { baseUrl } = await start();
    const bad = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: spaHeaders(baseUrl), body: '{"name":"alice"}' });
    expect(bad.status).toBe(400);
    const notJson = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: spaHeaders(baseUrl), body: 'name=alice' });
    expect(notJson.status).toBe(400);
    const crossSite = await signIn(baseUrl, 'alice', PASSWORD, { headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.getSetCookie()).toEqual([]);
  });

  it('audits sign-ins, failures and sign-outs with address and request id, never the password', async () => {
    const { baseUrl, dataDir } = await start();
    await signIn(baseUrl, 'alice', 'a-wrong-guess-123');
    const ok = await signIn(baseUrl, 'alice', PASSWORD);
    await fetch(`${baseUrl}/api/session`, { method: 'DELETE', headers: spaHeaders(baseUrl, cookieFrom(ok)) });

    const rows = auditRows(dataDir).filter((row) => String(row.action).startsWith('session.'));
    expect(rows.map((row) => [row.action, row.outcome, row.actor])).toEqual([
      ['session.sign_in_failed', 'rejected', 'alice'],
      ['session.signed_in', 'accepted', 'alice'],
      ['session.signed_out', 'accepted', 'alice'],
    ]);
    for (const row of rows) {
      expect(row.address).toBe('127.0.0.1');
      expect(row.request_id).toMatch(/^rw_/);
    }
    expect(rows[1]?.request_id).toBe(ok.headers.get('x-request-id'));
    const everything = JSON.stringify(auditRows(dataDir));
    expect(everything).not.toContain('a-wrong-guess-123');
    expect(everything).not.toContain(PASSWORD);
  });

  describe('through a trusted reverse proxy', () => {
    it('believes the user header only from a trusted peer', async () => {
      const trusted = await start({ auth: { trustedProxies: ['127.0.0.1'], proxyUserHeader: 'x-forwarded-user', proxyRole: 'viewer' } });
      const asAlice = await whoAmI(trusted.baseUrl, null, { 'x-forwarded-user': 'alice' });
      expect(await asAlice.json()).toEqual({ user: { name: 'alice', role: 'operator' } }); // the account's role
      const asNewcomer = await whoAmI(trusted.baseUrl, null, { 'x-forwarded-user': 'newcomer' });
      expect(await asNewcomer.json()).toEqual({ user: { name: 'newcomer', role: 'viewer' } }); // RUNWATCH_PROXY_ROLE
      expect((await whoAmI(trusted.baseUrl, null, { 'x-forwarded-user': 'bad name!' })).status).toBe(401);
      await trusted.close();

      const untrusted = await start({ auth: { trustedProxies: ['10.1.2.3'], proxyUserHeader: 'x-forwarded-user' } });
      server = untrusted;
      expect((await whoAmI(untrusted.baseUrl, null, { 'x-forwarded-user': 'alice' })).status).toBe(401);
    });

    it('takes the client address from X-Forwarded-For only behind a trusted proxy', async () => {
      const { baseUrl, dataDir } = await start({ auth: { trustedProxies: ['127.0.0.1'] } });
      await signIn(baseUrl, 'alice', 'wrong-password', { headers: { 'x-forwarded-for': '203.0.113.7, 127.0.0.1' } });
      expect(auditRows(dataDir).at(-1)?.address).toBe('203.0.113.7');
    });
  });
});
