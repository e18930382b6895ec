import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { openAuthDatabase } from './auth-database';
import { signIn, startAuthTestServer, type AuthTestServer } from '../testing/auth-test-server';
import { NAME_THROTTLE } from './sign-in-throttle';
import { expectApiError } from '../testing/api-envelope';

/**
 * Sign-in under abuse, over HTTP: strangers must not be able to lock an owner out, a flood must
 * throttle the flooder rather than everyone, and a parallel burst must not outrun the threshold.
 * Client addresses come from X-Forwarded-For through a trusted proxy (the test's loopback peer).
 */
const PASSWORD = 'operator-password-1';
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

describe('sign-in under abuse', () => {
  let server: AuthTestServer | null = null;
  let db: Database.Database | null = null;

  afterEach(async () => {
    db?.close();
    db = null;
    await server?.close();
    server = null;
  });

  async function start(options: Parameters<typeof startAuthTestServer>[0] = {}) {
    server = await startAuthTestServer({ ...options, auth: { trustedProxies: ['127.0.0.1'], ...options.auth } });
    await server.addAccount('alice', 'operator', PASSWORD);
    return server;
  }

  const auditRows = (dataDir: string) => {
    db ??= openAuthDatabase(dataDir, silentLogger);
    return db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Array<Record<string, unknown>>;
  };

  it('does not lock the owner out when ten addresses guess her name', async () => {
    const { baseUrl } = await start();
    for (let i = 0; i < 10; i += 1) expect((await signIn(baseUrl, 'alice', 'wrong-password', from(`203.0.113.${i}`))).status).toBe(401);
    // Even from an address she never used before.
    expect((await signIn(baseUrl, 'alice', PASSWORD, from('198.51.100.5'))).status).toBe(200);
  });

  it('keeps a heavy distributed guess at bay with a short lock, never at an address the owner signed in from', async () => {
    // A clock that stands still, so the short lock cannot run out halfway on a slow machine.
    const clock = Date.parse('2025-03-01T09:00:00Z');
    const { baseUrl } = await start({ now: () => clock });
    expect((await signIn(baseUrl, 'alice', PASSWORD, from('198.51.100.5'))).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      for (let j = 0; j < 5; j += 1) statuses.push((await signIn(baseUrl, 'alice', `wrong-password-${j}`, from(`203.0.113.${i}`))).status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(NAME_THROTTLE.threshold);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50 - NAME_THROTTLE.threshold);

    const elsewhere = await signIn(baseUrl, 'alice', PASSWORD, from('192.0.2.44'));
    expect(elsewhere.status).toBe(429);
    expect(Number(elsewhere.headers.get('retry-after'))).toBeLessThanOrEqual(NAME_THROTTLE.maxLockoutMs / 1000);
    expect((await signIn(baseUrl, 'alice', PASSWORD, from('198.51.100.5'))).status).toBe(200);
  });

  it('checks no more guesses than the threshold allows when they arrive all at once', async () => {
    const { baseUrl, dataDir } = await start();
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(baseUrl, 'alice', `guess-number-${i}`, from('203.0.113.9'))));
    const statuses = burst.map((response) => response.status);
    for (const status of statuses) expect([401, 429, 503]).toContain(status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(auditRows(dataDir).filter((row) => row.detail === 'bad_password').length).toBeLessThanOrEqual(5);
  });

  it('throttles the address flooding sign-ins for unknown names, while a real user still signs in', async () => {
    // Slow password checks for unknown names (the dummy hash), so the flood really fills the line.
    const { baseUrl } = await start({ hashParams: { logN: 14, r: 8, p: 1 } });
    expect((await signIn(baseUrl, 'warm-up', 'wrong-password', from('192.0.2.1'))).status).toBe(401);

    const flood = Array.from({ length: 60 }, (_, i) => signIn(baseUrl, `ghost-${i}`, 'wrong-password', from('203.0.113.66')));
    const real = signIn(baseUrl, 'alice', PASSWORD, from('198.51.100.5'));
    const realResponse = await real;
    const floodStatuses = (await Promise.all(flood)).map((response) => response.status);

    expect(realResponse.status).toBe(200);
    expect(floodStatuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    // Afterwards the flooder stays throttled; other people do not.
    const next = await signIn(baseUrl, 'ghost-next', 'wrong-password', from('203.0.113.66'));
    await expectApiError(next, { status: 429, code: 'too_many_attempts' });
    expect((await signIn(baseUrl, 'alice', PASSWORD, from('198.51.100.6'))).status).toBe(200);
  });

  it('lets the owner in from her usual address while many addresses flood the line', async () => {
    const { baseUrl } = await start({ hashParams: { logN: 14, r: 8, p: 1 } });
    expect((await signIn(baseUrl, 'alice', PASSWORD, from('198.51.100.5'))).status).toBe(200);

    const flood = Array.from({ length: 60 }, (_, i) => signIn(baseUrl, `ghost-${i}`, 'wrong-password', from(`203.0.113.${i % 20}`)));
    const real = await signIn(baseUrl, 'alice', PASSWORD, from('198.51.100.5'));
    const floodStatuses = (await Promise.all(flood)).map((response) => response.status);

    expect(real.status).toBe(200);
    // The line really was full: the flood itself was turned away in part.
    expect(floodStatuses.filter((s) => s === 503).length).toBeGreaterThan(0);
  });

  it('audits a lock once, not every refused request under it', async () => {
    const { baseUrl, dataDir } = await start();
    for (let i = 0; i < 5; i += 1) await signIn(baseUrl, 'alice', 'wrong-password', from('203.0.113.9'));
    for (let i = 0; i < 5; i += 1) expect((await signIn(baseUrl, 'alice', 'wrong-password', from('203.0.113.9'))).status).toBe(429);
    expect(auditRows(dataDir).filter((row) => row.detail === 'throttled')).toHaveLength(1);
  });

  it('lets the owner in again after an admin resets the password or unlocks the name', async () => {
    const { baseUrl, accounts } = await start();
    const lockOut = async () => {
      for (let i = 0; i < 5; i += 1) await signIn(baseUrl, 'alice', 'wrong-password', from('198.51.100.5'));
      expect((await signIn(baseUrl, 'alice', PASSWORD, from('198.51.100.5'))).status).toBe(429);
    };

    await lockOut();
    await accounts().resetPassword('alice', 'tin-cactus-orbit-mellow');
    expect((await signIn(baseUrl, 'alice', 'tin-cactus-orbit-mellow', from('198.51.100.5'))).status).toBe(200);

    for (let i = 0; i < 5; i += 1) await signIn(baseUrl, 'alice', 'wrong-password', from('198.51.100.5'));
    expect((await signIn(baseUrl, 'alice', 'tin-cactus-orbit-mellow', from('198.51.100.5'))).status).toBe(429);
    expect(await accounts().unlock('alice')).toBeGreaterThan(0);
    expect((await signIn(baseUrl, 'alice', 'tin-cactus-orbit-mellow', from('198.51.100.5'))).status).toBe(200);
  });

  it('refuses a common or repeated new password with the reason', async () => {
    const { baseUrl, accounts } = await start();
    await accounts().resetPassword('alice', 'one-time-password-9', true);
    for (const weak of ['aaaaaaaaaaaa', 'password1234']) {
      const response = await signIn(baseUrl, 'alice', 'one-time-password-9', { newPassword: weak });
      const error = await expectApiError(response, { status: 400, code: 'weak_password', what: weak });
      expect(error.message).toMatch(/^This password is too easy to guess/);
    }
    expect((await signIn(baseUrl, 'alice', 'one-time-password-9', { newPassword: 'tin-cactus-orbit-mellow' })).status).toBe(200);
  });
});
