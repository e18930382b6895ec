import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../audit/audit-entry';
import { AccountNameTakenError } from '../auth/account-store';
import type { AuthStores } from '../auth/auth-database';
import { SessionStore } from '../auth/session-store';
import {
  ADDRESS_THROTTLE,
  KNOWN_ADDRESS_MS,
  NAME_AT_ADDRESS_THROTTLE,
  NAME_THROTTLE,
  SignInThrottle,
  type AttemptOutcome,
  type ThrottleGate,
} from '../auth/sign-in-throttle';

/**
 * The behaviour every engine of the auth stores (accounts, sessions, sign-in counts, audit log)
 * must show, written once and run against each: SQLite in src/server/auth/sqlite-auth-stores.test.ts,
 * PostgreSQL in src/server/store/postgres/postgres-auth-stores.test.ts.
 */
export interface AuthStoresOpener {
  /** A new, empty place (a data dir for SQLite, a schema for PostgreSQL). */
  newPlace(): Promise<string>;
  /** Opens the stores kept at `place`; a second open of one place is another replica (PostgreSQL) or a restart (SQLite). */
  open(place: string, now: () => number): Promise<AuthStores>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SECRET = Buffer.from('k'.repeat(32));

function entry(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    action: 'run.canceled',
    outcome: 'requested',
    actor: 'alice',
    actorRole: 'operator',
    runId: 'trun_a',
    address: '10.0.0.1',
    requestId: 'req_1',
    ...overrides,
  };
}

export function describeAuthStores(engine: string, opener: AuthStoresOpener): void {
  describe(`auth stores (${engine})`, () => {
    const opened: AuthStores[] = [];
    afterEach(async () => {
      for (const stores of opened.splice(0)) await stores.close();
    });
    let clock = Date.parse('2025-03-01T09:00:00Z');
    const now = () => clock;
    async function open(place?: string) {
      clock = Date.parse('2025-03-01T09:00:00Z');
      const stores = await opener.open(place ?? (await opener.newPlace()), now);
      opened.push(stores);
      return stores;
    }

    describe('accounts', () => {
      it('finds accounts by id and by name in any letter case, and refuses a name taken in another case', async () => {
        const { accounts } = await open();
        const alice = await accounts.create({ name: 'Alice', role: 'operator', passwordHash: 'h1' });
        expect(alice).toMatchObject({ name: 'Alice', role: 'operator', passwordHash: 'h1', mustChangePassword: false, disabled: false, createdAt: clock });
        expect((await accounts.findByName('alice'))?.id).toBe(alice.id);
        expect((await accounts.findById(alice.id))?.name).toBe('Alice');
        expect(await accounts.findByName('bob')).toBeNull();
        await expect(accounts.create({ name: 'ALICE', role: 'viewer', passwordHash: 'h2' })).rejects.toBeInstanceOf(AccountNameTakenError);
        expect(await accounts.count()).toBe(1);
      });

      it('lists by name, counts enabled admins, and changes role, password and disabled state', async () => {
        const { accounts } = await open();
        const zed = await accounts.create({ name: 'zed', role: 'admin', passwordHash: 'h' });
        await accounts.create({ name: 'Bob', role: 'admin', passwordHash: 'h', mustChangePassword: true });
        await accounts.create({ name: 'carol', role: 'viewer', passwordHash: 'h' });
        expect((await accounts.list()).map((a) => a.name)).toEqual(['Bob', 'carol', 'zed']);
        expect(await accounts.countEnabledAdmins()).toBe(2);
        clock += 1000;
        await accounts.setDisabled(zed.id, true);
        expect(await accounts.countEnabledAdmins()).toBe(1);
        expect(await accounts.findById(zed.id)).toMatchObject({ disabled: true, updatedAt: clock });
        await accounts.setDisabled(zed.id, false);
        await accounts.setRole(zed.id, 'viewer');
        await accounts.setPassword(zed.id, 'h-new', true);
        expect(await accounts.findById(zed.id)).toMatchObject({ role: 'viewer', passwordHash: 'h-new', mustChangePassword: true, disabled: false });
        expect((await accounts.findByName('bob'))?.mustChangePassword).toBe(true);
      });
    });

    describe('sessions', () => {
      async function setUp(place?: string) {
        const stores = await open(place);
        const accountId = (await stores.accounts.create({ name: 'alice', role: 'operator', passwordHash: 'x' })).id;
        const sessions = new SessionStore(stores.sessions, SECRET, { idleMs: 60 * MINUTE, maxAgeMs: 12 * HOUR }, now);
        return { stores, sessions, accountId };
      }

      it('resolves a session with its account in one lookup', async () => {
        const { sessions, accountId } = await setUp();
        const { token } = await sessions.create(accountId, '10.0.0.5');
        expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        const resolved = await sessions.resolve(token);
        expect(resolved).toMatchObject({ accountId, createdAt: clock, expiresAt: clock + 12 * HOUR });
        expect(resolved?.account).toMatchObject({ id: accountId, name: 'alice', role: 'operator' });
      });

      it('ends a session after the idle limit, but activity keeps it alive', async () => {
        const { sessions, accountId } = await setUp();
        const { token } = await sessions.create(accountId, null);
        clock += 50 * MINUTE;
        expect(await sessions.resolve(token)).not.toBeNull();
        clock += 50 * MINUTE; // 100 min after sign-in, 50 after the last use
        expect(await sessions.resolve(token)).not.toBeNull();
        clock += 61 * MINUTE;
        expect(await sessions.resolve(token)).toBeNull();
        expect(await sessions.count()).toBe(0);
      });

      it('ends a session at the absolute limit however active it is', async () => {
        const { sessions, accountId } = await setUp();
        const { token } = await sessions.create(accountId, null);
        for (let elapsed = 0; elapsed < 12 * HOUR - 30 * MINUTE; elapsed += 30 * MINUTE) {
          clock += 30 * MINUTE;
          expect(await sessions.resolve(token)).not.toBeNull();
        }
        clock += 30 * MINUTE;
        expect(await sessions.resolve(token)).toBeNull();
      });

      it('removes the replaced session when a new one is created (rotation at sign-in)', async () => {
        const { sessions, accountId } = await setUp();
        const first = await sessions.create(accountId, null);
        const second = await sessions.create(accountId, null, first.token);
        expect(second.token).not.toBe(first.token);
        expect(await sessions.resolve(first.token)).toBeNull();
        expect(await sessions.resolve(second.token)).not.toBeNull();
        expect(await sessions.count()).toBe(1);
      });

      it('forgets a session on sign-out and all of an account on demand', async () => {
        const { sessions, accountId } = await setUp();
        const a = await sessions.create(accountId, null);
        const b = await sessions.create(accountId, null);
        await sessions.delete(a.token);
        expect(await sessions.resolve(a.token)).toBeNull();
        expect(await sessions.resolve(b.token)).not.toBeNull();
        expect(await sessions.deleteForAccount(accountId)).toBe(1);
        expect(await sessions.resolve(b.token)).toBeNull();
      });

      it('does not accept ids of the wrong shape or from another secret', async () => {
        const { stores, sessions, accountId } = await setUp();
        const { token } = await sessions.create(accountId, null);
        expect(await sessions.resolve('')).toBeNull();
        expect(await sessions.resolve(`${token}x`)).toBeNull();
        const otherKey = new SessionStore(stores.sessions, Buffer.from('z'.repeat(32)), { idleMs: HOUR, maxAgeMs: HOUR }, now);
        expect(await otherKey.resolve(token)).toBeNull();
      });

      it('purges rows that can no longer be used', async () => {
        const { sessions, accountId } = await setUp();
        await sessions.create(accountId, null);
        const live = await sessions.create(accountId, null);
        clock += 61 * MINUTE;
        expect(await sessions.purgeExpired()).toBe(2);
        expect(await sessions.resolve(live.token)).toBeNull();
      });

      it('ends with its account, and shows a disabled account as disabled', async () => {
        const { stores, sessions, accountId } = await setUp();
        const { token } = await sessions.create(accountId, null);
        await stores.accounts.setDisabled(accountId, true);
        expect((await sessions.resolve(token))?.account?.disabled).toBe(true);
      });

      it('are honoured by every store opened on the same place, and a sign-out on one counts on all at once', async () => {
        const place = await opener.newPlace();
        const first = await setUp(place);
        const secondStores = await opener.open(place, now);
        opened.push(secondStores);
        const second = new SessionStore(secondStores.sessions, SECRET, { idleMs: 60 * MINUTE, maxAgeMs: 12 * HOUR }, now);
        const { token } = await first.sessions.create(first.accountId, '10.0.0.5');
        expect((await second.resolve(token))?.account?.name).toBe('alice');
        await second.delete(token);
        expect(await first.sessions.resolve(token)).toBeNull();
      });
    });

    describe('session key', () => {
      it('uses the configured secret, else one generated once and found again on the next open', async () => {
        const place = await opener.newPlace();
        const first = await open(place);
        expect((await first.sessionSecret('s'.repeat(40))).toString('utf8')).toBe('s'.repeat(40));
        const generated = await first.sessionSecret(null);
        expect(generated.length).toBeGreaterThanOrEqual(32);
        const again = await opener.open(place, now);
        opened.push(again);
        expect((await again.sessionSecret(null)).equals(generated)).toBe(true);
      });
    });

    describe('sign-in throttle', () => {
      async function setUp() {
        const stores = await open();
        const throttle = new SignInThrottle(stores.signInFailures, now);
        const attempt = async (name: string, address: string | null, outcome: AttemptOutcome = 'failed'): Promise<ThrottleGate> => {
          const gate = await throttle.begin(name, address);
          if (gate.kind === 'reserved') await throttle.settle(gate.attempt, outcome);
          return gate;
        };
        const fail = async (name: string, address: string | null, times: number) => {
          for (let i = 0; i < times; i += 1) expect((await attempt(name, address)).kind, `failure ${i + 1}`).toBe('reserved');
        };
        const waitFor = async (name: string, address: string | null) => {
          const gate = await throttle.begin(name, address);
          if (gate.kind === 'locked') return gate.retryAfterMs;
          await throttle.settle(gate.attempt, 'succeeded');
          return 0;
        };
        return { throttle, attempt, fail, waitFor };
      }

      it('locks a name at one address after five failures, whatever the letter case', async () => {
        const { fail, waitFor } = await setUp();
        await fail('Alice', '10.0.0.1', 4);
        await fail('alice', '10.0.0.1', 1);
        expect(await waitFor('ALICE', '10.0.0.1')).toBe(30_000);
        clock += 30_000;
        await fail('alice', '10.0.0.1', 1);
        expect(await waitFor('alice', '10.0.0.1')).toBe(60_000);
      });

      it('does not lock the owner out from another address when strangers guess from many', async () => {
        const { fail, waitFor } = await setUp();
        for (let i = 0; i < 10; i += 1) await fail('alice', `203.0.113.${i}`, 1);
        expect(await waitFor('alice', '198.51.100.5')).toBe(0);
      });

      it('applies a soft per-name limit to new addresses, but never at an address the account signed in from', async () => {
        const { attempt, fail, waitFor } = await setUp();
        await attempt('alice', '198.51.100.5', 'succeeded'); // her usual address
        for (let i = 0; i < NAME_THROTTLE.threshold; i += 1) await fail('alice', `203.0.113.${i}`, 1);
        expect(await waitFor('alice', '192.0.2.77')).toBe(NAME_THROTTLE.baseLockoutMs);
        expect(await waitFor('alice', '198.51.100.5')).toBe(0);
      });

      it('forgets a known address after a while', async () => {
        const { attempt, fail, waitFor } = await setUp();
        await attempt('alice', '198.51.100.5', 'succeeded');
        clock += KNOWN_ADDRESS_MS;
        for (let i = 0; i < NAME_THROTTLE.threshold; i += 1) await fail('alice', `203.0.113.${i}`, 1);
        expect(await waitFor('alice', '198.51.100.5')).toBe(NAME_THROTTLE.baseLockoutMs);
      });

      it('counts an attempt before its check, so a parallel burst gets no more than the threshold', async () => {
        const { throttle } = await setUp();
        const gates = await Promise.all(Array.from({ length: 10 }, () => throttle.begin('alice', '10.0.0.1')));
        expect(gates.filter((g) => g.kind === 'reserved')).toHaveLength(5);
        // Only the first refusal of a lock is worth an audit entry.
        expect(gates.filter((g) => g.kind === 'locked' && g.firstRefusal)).toHaveLength(1);
      });

      it('takes back an attempt whose password was right, and a busy one except at the address', async () => {
        const { attempt, fail, waitFor } = await setUp();
        await fail('alice', '10.0.0.1', 4);
        await attempt('alice', '10.0.0.1', 'succeeded');
        await fail('alice', '10.0.0.1', 4);
        expect(await waitFor('alice', '10.0.0.1')).toBe(0);

        for (let i = 0; i < ADDRESS_THROTTLE.threshold; i += 1) expect((await attempt('bob', '10.6.6.6', 'busy')).kind).toBe('reserved');
        expect(await waitFor('carol', '10.6.6.6')).toBe(30_000);
        expect(await waitFor('bob', '10.0.0.2')).toBe(0);
      });

      it('locks an address trying many names', async () => {
        const { fail, waitFor } = await setUp();
        for (let i = 0; i < ADDRESS_THROTTLE.threshold; i += 1) await fail(`user${i}`, '10.9.9.9', 1);
        expect(await waitFor('someone-new', '10.9.9.9')).toBe(30_000);
        expect(await waitFor('someone-new', '10.9.9.8')).toBe(0);
      });

      it('unlocks every lock on a name, leaving other names and address counts alone', async () => {
        const { throttle, fail, waitFor } = await setUp();
        await fail('alice', '10.0.0.1', 5);
        await fail('bob', '10.0.0.2', 5);
        expect(await throttle.unlock('ALICE')).toBe(2);
        expect(await waitFor('alice', '10.0.0.1')).toBe(0);
        expect(await waitFor('bob', '10.0.0.2')).toBe(30_000);
      });

      it('forgets old failures, and purging keeps a live lock', async () => {
        const { throttle, fail, waitFor } = await setUp();
        await fail('alice', null, 4);
        clock += NAME_AT_ADDRESS_THROTTLE.forgetAfterMs + 1;
        await fail('alice', null, 1);
        expect(await waitFor('alice', null)).toBe(0);
        await fail('bob', '10.0.0.2', 5);
        await throttle.purgeStale();
        expect(await waitFor('bob', '10.0.0.2')).toBe(30_000);
      });
    });

    describe('audit log', () => {
      it('keeps entries newest first, pages by cursor and filters by actor in any case, action, run and time', async () => {
        const { audit } = await open();
        for (let i = 0; i < 5; i += 1) {
          clock += 1000;
          await audit.record(entry({ requestId: `req_${i}`, actor: i % 2 ? 'Bob' : 'alice', runId: `trun_${i % 2}` }));
        }
        await audit.record(entry({ action: 'session.signed_in', outcome: 'accepted', runId: null, requestId: 'req_s' }));
        const first = await audit.list({ limit: 4 });
        expect(first.entries.map((e) => e.requestId)).toEqual(['req_s', 'req_4', 'req_3', 'req_2']);
        expect(first.nextCursor).not.toBeNull();
        const second = await audit.list({ limit: 4, cursor: first.nextCursor! });
        expect(second.entries.map((e) => e.requestId)).toEqual(['req_1', 'req_0']);
        expect(second.nextCursor).toBeNull();
        expect((await audit.list({ actor: 'BOB' })).entries.map((e) => e.requestId)).toEqual(['req_3', 'req_1']);
        expect((await audit.list({ action: 'session.signed_in' })).entries).toHaveLength(1);
        expect((await audit.list({ runId: 'trun_0' })).entries.map((e) => e.requestId)).toEqual(['req_4', 'req_2', 'req_0']);
        const t0 = Date.parse('2025-03-01T09:00:00Z');
        const windowed = await audit.list({ from: new Date(t0 + 2000).toISOString(), to: new Date(t0 + 4000).toISOString() });
        expect(windowed.entries.map((e) => e.requestId)).toEqual(['req_2', 'req_1']);
      });

      it('stores every field, caps free text, and settles an outcome later', async () => {
        const { audit } = await open();
        await audit.record(entry({ detail: 'x'.repeat(1000), upstreamRequestId: 'req_up', subject: null }));
        await audit.updateOutcome({ action: 'run.canceled', runId: 'trun_a', requestId: 'req_1' }, 'accepted', 'canceled');
        await audit.updateOutcome({ action: 'run.canceled', runId: 'trun_other', requestId: 'req_1' }, 'failed', 'nope');
        const [stored] = await audit.forRun('trun_a');
        expect(stored).toMatchObject({
          at: new Date(clock).toISOString(),
          action: 'run.canceled',
          outcome: 'accepted',
          actor: 'alice',
          actorRole: 'operator',
          runId: 'trun_a',
          subject: null,
          address: '10.0.0.1',
          requestId: 'req_1',
          upstreamRequestId: 'req_up',
          detail: 'canceled',
        });
        await audit.record(entry({ requestId: 'req_2', detail: 'y'.repeat(1000) }));
        expect((await audit.forRun('trun_a')).at(-1)?.detail).toHaveLength(256);
      });

      it("gives a run's entries oldest first and exports every match newest first, up to a maximum", async () => {
        const { audit } = await open();
        for (let i = 0; i < 7; i += 1) await audit.record(entry({ requestId: `req_${i}` }));
        expect((await audit.forRun('trun_a')).map((e) => e.requestId)).toEqual(['req_0', 'req_1', 'req_2', 'req_3', 'req_4', 'req_5', 'req_6']);
        const exported: string[] = [];
        for await (const e of audit.iterate({ runId: 'trun_a' }, 5)) exported.push(e.requestId);
        expect(exported).toEqual(['req_6', 'req_5', 'req_4', 'req_3', 'req_2']);
      });

      it('keeps entries written through two stores on one place, each once', async () => {
        const place = await opener.newPlace();
        const first = await open(place);
        const second = await opener.open(place, now);
        opened.push(second);
        await Promise.all([
          ...Array.from({ length: 10 }, (_, i) => first.audit.record(entry({ requestId: `req_a${i}` }))),
          ...Array.from({ length: 10 }, (_, i) => second.audit.record(entry({ requestId: `req_b${i}` }))),
        ]);
        const all = (await first.audit.forRun('trun_a')).map((e) => e.requestId);
        expect(all).toHaveLength(20);
        expect(new Set(all).size).toBe(20);
      });
    });
  });
}
