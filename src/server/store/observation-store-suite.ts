import { afterEach, describe, expect, it } from 'vitest';
import { timelineResponseSchema } from '@/contract/bff';
import type { ObservationStore, RunObservation } from './observation-store';

/**
 * The behaviour every ObservationStore engine must show, written once and run against each engine
 * (SQLite in observation-store.test.ts, PostgreSQL in postgres/postgres-observation-store.test.ts).
 */
export interface ObservationStoreOpener {
  /** A new, empty place for a store (a directory for SQLite, a schema for PostgreSQL). */
  newPlace(): Promise<string>;
  /** Opens (or reopens, after close) the store kept at `place`; `logs` gets its log lines. */
  open(place: string, logs: string[]): Promise<ObservationStore>;
  /** How many request ids are written at `place`, read from outside the store. */
  storedRequestIds(place: string): Promise<number>;
}

export function observation(overrides: Partial<RunObservation> = {}): RunObservation {
  return {
    runId: 'trun_store1',
    status: 'running',
    upstreamStatus: 'running',
    upstreamUpdatedAt: '2026-03-02T10:00:00Z',
    runtimeMs: 1000,
    result: null,
    errorCodes: [],
    ...overrides,
  };
}

export function describeObservationStore(engine: string, opener: ObservationStoreOpener): void {
  describe(`observation store (${engine})`, () => {
    const opened: ObservationStore[] = [];
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close().catch(() => undefined);
    });
    async function open(place?: string, logs: string[] = []) {
      const store = await opener.open(place ?? (await opener.newPlace()), logs);
      opened.push(store);
      return store;
    }
    const statuses = async (store: ObservationStore) => (await store.timeline('trun_store1')).entries.map((e) => e.status);

    it('adds a timeline entry only when the status, result or errors change', async () => {
      const store = await open();
      store.recordRun(observation({ status: 'queued', upstreamStatus: 'queued', runtimeMs: null }));
      store.recordRun(observation());
      store.recordRun(observation({ runtimeMs: 2000, upstreamUpdatedAt: '2026-03-02T10:00:05Z' }));
      store.recordRun(observation({ runtimeMs: 2000, upstreamUpdatedAt: '2026-03-02T10:00:05Z' }));
      store.recordRun(observation({ status: 'canceling', upstreamStatus: 'cancelling', upstreamUpdatedAt: '2026-03-02T10:00:06Z' }));
      store.recordRun(
        observation({ status: 'failed', upstreamStatus: 'failed', result: 'failure', errorCodes: ['auth_invalid'], upstreamUpdatedAt: '2026-03-02T10:00:07Z' }),
      );
      const timeline = await store.timeline('trun_store1');
      expect(timeline.entries.map((e) => [e.status, e.upstreamStatus])).toEqual([
        ['queued', 'queued'],
        ['running', 'running'],
        ['canceling', 'cancelling'],
        ['failed', 'failed'],
      ]);
      expect(timeline.entries.at(-1)).toMatchObject({ result: 'failure', errorCodes: ['auth_invalid'] });
      expect(timeline.firstObservedAt).toBe(timeline.entries[0]?.observedAt);
      expect(timelineResponseSchema.parse(timeline)).toEqual(timeline);
    });

    it('keeps statuses it does not recognise in the timeline as null, each one its own entry', async () => {
      const store = await open();
      store.recordRun(observation({ status: 'queued', upstreamStatus: 'queued', runtimeMs: null, upstreamUpdatedAt: '2026-03-02T10:00:00Z' }));
      store.recordRun(observation({ status: null, upstreamStatus: 'paused_by_policy', upstreamUpdatedAt: '2026-03-02T10:00:01Z' }));
      store.recordRun(observation({ status: null, upstreamStatus: 'paused_by_policy', upstreamUpdatedAt: '2026-03-02T10:00:02Z', runtimeMs: 1500 }));
      store.recordRun(observation({ status: null, upstreamStatus: 'awaiting_quota', upstreamUpdatedAt: '2026-03-02T10:00:03Z' }));
      store.recordRun(observation({ status: 'completed', upstreamStatus: 'completed', result: 'success', upstreamUpdatedAt: '2026-03-02T10:00:04Z' }));
      const timeline = await store.timeline('trun_store1');
      expect(timeline.entries.map((e) => [e.status, e.upstreamStatus])).toEqual([
        ['queued', 'queued'],
        [null, 'paused_by_policy'],
        [null, 'awaiting_quota'],
        ['completed', 'completed'],
      ]);
      expect(timeline.entries.every((e) => e.source === 'observed')).toBe(true);
      expect(timelineResponseSchema.parse(timeline)).toEqual(timeline);
    });

    it('answers an empty timeline for a run it never saw', async () => {
      const store = await open();
      expect(await store.timeline('trun_never')).toEqual({ runId: 'trun_never', firstObservedAt: null, entries: [] });
      expect(await store.isKnownRun('trun_never')).toBe(false);
    });

    it('keeps an unrecognised status and the newest update time across a restart', async () => {
      const place = await opener.newPlace();
      const first = await open(place);
      first.recordRun(observation({ status: null, upstreamStatus: 'paused_by_policy', upstreamUpdatedAt: '2026-03-02T10:00:10Z' }));
      await first.close();
      const again = await open(place);
      expect((await again.timeline('trun_store1')).entries).toMatchObject([{ status: null, upstreamStatus: 'paused_by_policy' }]);
      expect(await again.isKnownRun('trun_store1')).toBe(true);
      // A new process remembers nothing in memory; the store still knows the newest update.
      again.recordRun(observation({ upstreamUpdatedAt: '2026-03-02T10:00:05Z' }), 'req_after_restart');
      expect(await statuses(again)).toEqual([null]);
      expect((await again.lookupRequest('req_after_restart'))?.runId).toBe('trun_store1');
    });

    describe('reads that finish out of order', () => {
      const completed = observation({ status: 'completed', upstreamStatus: 'completed', result: 'success', upstreamUpdatedAt: '2026-03-02T10:00:10Z' });
      const olderRunning = observation({ upstreamUpdatedAt: '2026-03-02T10:00:05Z' });

      it('drops a late reply older than what is stored, yet indexes its request id', async () => {
        const store = await open();
        store.recordRun(completed, 'req_newer');
        store.recordRun(olderRunning, 'req_late');
        expect(await statuses(store)).toEqual(['completed']);
        expect((await store.lookupRequest('req_late'))?.runId).toBe('trun_store1');
      });

      it('drops it whether the newer read is still queued, already written, or from before a restart', async () => {
        const place = await opener.newPlace();
        const first = await open(place);
        first.recordRun(completed);
        await first.timeline('trun_store1'); // written
        first.recordRun(olderRunning);
        expect(await statuses(first)).toEqual(['completed']);
        await first.close();

        const second = await open(place);
        second.recordRun(olderRunning, 'req_after_restart');
        expect(await statuses(second)).toEqual(['completed']);
        expect((await second.lookupRequest('req_after_restart'))?.runId).toBe('trun_store1');
      });

      it('compares instants, not strings', async () => {
        const store = await open();
        store.recordRun(completed);
        // 11:00:05+01:00 is 10:00:05Z: older, though it sorts after as text.
        store.recordRun(observation({ upstreamUpdatedAt: '2026-03-02T11:00:05+01:00' }));
        // 10:00:10.5Z is newer, though it sorts before "10:00:10Z" as text.
        store.recordRun(observation({ status: 'failed', upstreamStatus: 'failed', result: 'failure', upstreamUpdatedAt: '2026-03-02T10:00:10.500Z' }));
        expect(await statuses(store)).toEqual(['completed', 'failed']);
      });

      it('never drops a read whose time cannot be read, and keeps comparing with the last readable one', async () => {
        const place = await opener.newPlace();
        const store = await open(place);
        store.recordRun(observation({ status: 'queued', upstreamStatus: 'queued', upstreamUpdatedAt: 'not a time' }));
        store.recordRun(observation({ upstreamUpdatedAt: '2026-03-02T10:00:05Z' }));
        store.recordRun(completed);
        store.recordRun(observation({ status: 'canceled', upstreamStatus: 'canceled', upstreamUpdatedAt: null }));
        store.recordRun(olderRunning);
        expect(await statuses(store)).toEqual(['queued', 'running', 'completed', 'canceled']);
        await store.close();
        // Still compared with 10:00:10 after a restart, though the last read had no time.
        const again = await open(place);
        again.recordRun(observation({ upstreamUpdatedAt: '2026-03-02T10:00:07Z' }));
        expect(await statuses(again)).toEqual(['queued', 'running', 'completed', 'canceled']);
      });
    });

    it('indexes request ids by run', async () => {
      const store = await open();
      store.recordRun(observation(), 'req_first');
      store.recordRequestId('req_second', 'trun_store1');
      store.recordRequestId('req_second', 'trun_other');
      expect(await store.lookupRequest('req_first')).toMatchObject({ requestId: 'req_first', runId: 'trun_store1' });
      // The first run an id was seen with keeps it.
      expect((await store.lookupRequest('req_second'))?.runId).toBe('trun_store1');
      expect(await store.lookupRequest('req_unknown')).toBeNull();
      expect(await store.isKnownRun('trun_store1')).toBe(true);
      // A request id alone is no observation of its run.
      expect(await store.isKnownRun('trun_other')).toBe(false);
    });

    it('knows a run as soon as its read is recorded, and not a run only others were recorded beside', async () => {
      const store = await open();
      store.recordRun(observation(), 'req_known1');
      expect(await store.isKnownRun('trun_other')).toBe(false);
      expect(await store.isKnownRun('trun_store1')).toBe(true);
      store.recordRun(observation({ runId: 'trun_other' }));
      expect(await store.isKnownRun('trun_other')).toBe(true);
      expect(await store.lookupRequest('req_known1')).toMatchObject({ runId: 'trun_store1' });
    });

    it("takes writes off the caller's path, yet every read of the store sees them", async () => {
      const place = await opener.newPlace();
      const store = await open(place);
      store.recordRun(observation(), 'req_queued');
      store.recordRequestId('req_queued_too', 'trun_store1');
      // Nothing is written while the caller is still answering its request…
      expect(await opener.storedRequestIds(place)).toBe(0);
      // …but the store itself never answers from behind its own queue.
      expect((await store.lookupRequest('req_queued'))?.runId).toBe('trun_store1');
      expect((await store.timeline('trun_store1')).entries).toHaveLength(1);
      expect(await opener.storedRequestIds(place)).toBe(2);
    });

    it('writes what is queued when closed', async () => {
      const place = await opener.newPlace();
      const store = await open(place);
      store.recordRun(observation(), 'req_at_close');
      await store.close();
      expect(await opener.storedRequestIds(place)).toBe(1);
      const again = await open(place);
      expect((await again.timeline('trun_store1')).entries).toHaveLength(1);
    });

    it('keeps observations across a reopen, and a status seen again is no new transition', async () => {
      const place = await opener.newPlace();
      const first = await open(place);
      first.recordRun(observation(), 'req_kept');
      await first.close();
      const second = await open(place);
      expect((await second.timeline('trun_store1')).entries).toHaveLength(1);
      expect((await second.lookupRequest('req_kept'))?.runId).toBe('trun_store1');
      second.recordRun(observation());
      expect((await second.timeline('trun_store1')).entries).toHaveLength(1);
    });

    it('two stores on one place (two replicas) see each other and record one history', async () => {
      const place = await opener.newPlace();
      const a = await open(place);
      const b = await open(place);
      a.recordRun(observation({ status: 'queued', upstreamStatus: 'queued' }), 'req_a');
      await a.timeline('trun_store1');
      b.recordRun(observation({ status: 'queued', upstreamStatus: 'queued' }), 'req_b');
      b.recordRun(observation({ upstreamUpdatedAt: '2026-03-02T10:00:05Z' }));
      await b.timeline('trun_store1');
      // A late reply on the first replica, older than what the second wrote.
      a.recordRun(observation({ status: 'queued', upstreamStatus: 'queued', upstreamUpdatedAt: '2026-03-02T10:00:01Z' }));
      expect(await statuses(a)).toEqual(['queued', 'running']);
      expect(await statuses(b)).toEqual(['queued', 'running']);
      expect((await a.lookupRequest('req_b'))?.runId).toBe('trun_store1');
      expect((await b.lookupRequest('req_a'))?.runId).toBe('trun_store1');
    });

    it('never throws from a failing write, and logs it', async () => {
      const logs: string[] = [];
      const store = await open(undefined, logs);
      await store.close();
      expect(() => store.recordRun(observation())).not.toThrow();
      expect(() => store.recordRequestId('req_x', 'trun_store1')).not.toThrow();
      expect(logs.some((line) => line.includes('could not record observation'))).toBe(true);
    });
  });
}
