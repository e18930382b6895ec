import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PINS_PER_USER, MAX_SETTING_BYTES, RECENT_LIST_LIMIT, UserDataLimitError, type UserDataStore } from './user-data-store';

/**
 * The behaviour every UserDataStore engine must show, written once and run against each engine
 * (SQLite in sqlite-user-data-store.test.ts; a PostgreSQL engine runs it with its own opener).
 */
export interface UserDataStoreOpener {
  /** A new, empty place for a store (a directory for SQLite, a database for PostgreSQL). */
  newPlace(): Promise<string>;
  /** Opens (or reopens, after close) the store kept at `place`. */
  open(place: string): Promise<UserDataStore>;
}

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

export function describeUserDataStore(engine: string, opener: UserDataStoreOpener): void {
  describe(`user data store (${engine})`, () => {
    const opened: UserDataStore[] = [];
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });
    async function open(place?: string) {
      const store = await opener.open(place ?? (await opener.newPlace()));
      opened.push(store);
      return store;
    }

    it('keeps pins per user, newest first, and a second pin keeps the first pin time', async () => {
      const store = await open();
      await store.pin('u1', 'trun_a', at(1));
      await store.pin('u1', 'trun_b', at(2));
      await store.pin('u1', 'trun_a', at(3));
      await store.pin('u2', 'trun_c', at(4));
      expect(await store.listPins('u1')).toEqual([
        { runId: 'trun_b', pinnedAt: at(2).toISOString() },
        { runId: 'trun_a', pinnedAt: at(1).toISOString() },
      ]);
      expect((await store.listPins('u2')).map((p) => p.runId)).toEqual(['trun_c']);
    });

    it('unpins, and says whether there was a pin', async () => {
      const store = await open();
      await store.pin('u1', 'trun_a', at(1));
      expect(await store.unpin('u1', 'trun_a')).toBe(true);
      expect(await store.unpin('u1', 'trun_a')).toBe(false);
      expect(await store.unpin('u2', 'trun_a')).toBe(false);
      expect(await store.listPins('u1')).toEqual([]);
    });

    it(`refuses more than ${MAX_PINS_PER_USER} pins for one user but re-pinning a pinned run is fine`, async () => {
      const store = await open();
      for (let i = 0; i < MAX_PINS_PER_USER; i++) await store.pin('u1', `trun_${i}`, at(i));
      await expect(store.pin('u1', 'trun_extra', at(9999))).rejects.toBeInstanceOf(UserDataLimitError);
      await store.pin('u1', 'trun_0', at(10_000));
      await store.pin('u2', 'trun_extra', at(10_001));
      expect(await store.listPins('u1')).toHaveLength(MAX_PINS_PER_USER);
    });

    it('stores settings documents per user and key, replacing on put', async () => {
      const store = await open();
      expect(await store.getSetting('u1', 'signals')).toBeNull();
      await store.putSetting('u1', 'signals', { sound: true, notify: ['interaction_required'] }, at(1));
      await store.putSetting('u1', 'signals', { sound: false }, at(2));
      await store.putSetting('u2', 'signals', { sound: true }, at(3));
      expect(await store.getSetting('u1', 'signals')).toEqual({ sound: false });
      expect(await store.getSetting('u2', 'signals')).toEqual({ sound: true });
      expect(await store.getSetting('u1', 'other')).toBeNull();
    });

    it('refuses a settings document that is too large or not JSON, and keeps the old one', async () => {
      const store = await open();
      await store.putSetting('u1', 'signals', { sound: true }, at(1));
      await expect(store.putSetting('u1', 'signals', { blob: 'x'.repeat(MAX_SETTING_BYTES) }, at(2))).rejects.toBeInstanceOf(UserDataLimitError);
      await expect(store.putSetting('u1', 'signals', undefined, at(2))).rejects.toBeInstanceOf(UserDataLimitError);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(store.putSetting('u1', 'signals', cyclic, at(2))).rejects.toBeInstanceOf(UserDataLimitError);
      expect(await store.getSetting('u1', 'signals')).toEqual({ sound: true });
    });

    it(`keeps the ${RECENT_LIST_LIMIT} newest distinct recent entries per user and list`, async () => {
      const store = await open();
      for (let i = 0; i < RECENT_LIST_LIMIT + 5; i++) await store.pushRecent('u1', 'lookups', `q${i}`, at(i));
      await store.pushRecent('u1', 'lookups', 'q10', at(100));
      await store.pushRecent('u1', 'other', 'x', at(101));
      await store.pushRecent('u2', 'lookups', 'y', at(102));
      const recent = await store.listRecent('u1', 'lookups');
      expect(recent).toHaveLength(RECENT_LIST_LIMIT);
      expect(recent[0]).toEqual({ value: 'q10', at: at(100).toISOString() });
      expect(recent.filter((entry) => entry.value === 'q10')).toHaveLength(1);
      expect(recent.map((entry) => entry.value)).not.toContain('q0');
      expect(recent.at(-1)!.value).toBe('q5');
      expect(await store.listRecent('u1', 'other')).toEqual([{ value: 'x', at: at(101).toISOString() }]);
      expect((await store.listRecent('u2', 'lookups')).map((entry) => entry.value)).toEqual(['y']);
    });

    it('refuses empty and overlong recent entries', async () => {
      const store = await open();
      await expect(store.pushRecent('u1', 'lookups', '', at(1))).rejects.toBeInstanceOf(UserDataLimitError);
      await expect(store.pushRecent('u1', 'lookups', 'x'.repeat(5000), at(1))).rejects.toBeInstanceOf(UserDataLimitError);
      expect(await store.listRecent('u1', 'lookups')).toEqual([]);
    });

    it('keeps everything across close and reopen', async () => {
      const place = await opener.newPlace();
      const first = await opener.open(place);
      await first.pin('u1', 'trun_a', at(1));
      await first.putSetting('u1', 'signals', { sound: true }, at(2));
      await first.pushRecent('u1', 'lookups', 'trun_a', at(3));
      await first.close();
      const second = await open(place);
      expect((await second.listPins('u1')).map((p) => p.runId)).toEqual(['trun_a']);
      expect(await second.getSetting('u1', 'signals')).toEqual({ sound: true });
      expect((await second.listRecent('u1', 'lookups')).map((entry) => entry.value)).toEqual(['trun_a']);
    });
  });
}
