import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { RUN_STATUSES, type RunStatus } from '@/contract/run-status';
import {
  InvalidCursorError,
  InvalidRunFilterError,
  type CatchUpState,
  type EventStore,
  type IngestedEvent,
  type RunIndexFilter,
  type RunIndexSnapshot,
} from './event-store';

/**
 * The behaviour every EventStore engine must show, written once and run against each engine
 * (SQLite in sqlite-event-store.test.ts; a PostgreSQL engine runs the same suite with its opener).
 */

/** An engine under test: a store the suite can also prune on demand. */
export interface TestableEventStore extends EventStore {
  prune(): Promise<{ events: number; deliveries: number }>;
}

export interface EventStoreOpener {
  /** A new, empty place for a store (a directory for SQLite, a schema or database for PostgreSQL). */
  newPlace(): Promise<string>;
  /** Opens (or reopens, after close) the store kept at `place`, reading the time from `now`. */
  open(place: string, options: { now: () => Date }): Promise<TestableEventStore>;
}

export const T0 = '2026-03-02T10:00:00.000Z';

/** `seconds` after T0, as the canonical ISO string the store keeps. */
export function at(seconds: number): string {
  return new Date(Date.parse(T0) + seconds * 1000).toISOString();
}

const RESULT_OF: Partial<Record<RunStatus, 'success' | 'failure'>> = { completed: 'success', failed: 'failure', canceled: 'failure' };

export function snapshot(overrides: Partial<RunIndexSnapshot> & { runId: string }): RunIndexSnapshot {
  const status = overrides.status === undefined ? 'running' : overrides.status;
  return {
    status,
    upstreamStatus: status ?? 'unknown',
    result: status ? (RESULT_OF[status] ?? null) : null,
    taskId: 'task_1',
    agentId: 'agt_1',
    sourceId: 'src_1',
    credentialId: null,
    sessionId: null,
    workflowId: null,
    runtimeMs: null,
    createdAt: T0,
    updatedAt: T0,
    errorCodes: [],
    interactionType: null,
    ...overrides,
  };
}

/** A task_run.<status> event for `runId` at `seconds` after T0, whose snapshot was updated then. */
export function runEvent(
  id: string,
  runId: string,
  status: RunStatus | null,
  seconds: number,
  extra: { requestId?: string | null; run?: Partial<RunIndexSnapshot>; upstreamStatus?: string } = {},
): IngestedEvent {
  const upstreamStatus = extra.upstreamStatus ?? status ?? 'unknown';
  return {
    id,
    type: `task_run.${upstreamStatus}`,
    createdAt: at(seconds),
    runId,
    requestId: extra.requestId ?? null,
    run: snapshot({ runId, status, upstreamStatus, updatedAt: at(seconds), ...extra.run }),
  };
}

export function describeEventStore(name: string, opener: EventStoreOpener): void {
  describe(`event store (${name})`, () => {
    const opened: EventStore[] = [];
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    /** A store on a fresh place with a clock the test moves. */
    async function freshStore(start = at(0)) {
      const clock = { now: new Date(start) };
      const place = await opener.newPlace();
      const reopen = async () => {
        const store = await opener.open(place, { now: () => clock.now });
        opened.push(store);
        return store;
      };
      return { store: await reopen(), clock, reopen };
    }

    async function allRuns(store: EventStore, filter: RunIndexFilter = {}) {
      return (await store.listRuns(filter, { limit: 1000, cursor: null })).runs;
    }

    describe('ingest', () => {
      it('stores each event once, however often or in whatever batch it arrives', async () => {
        const { store } = await freshStore();
        const queued = runEvent('evt_1', 'trun_a', 'queued', 0);
        const running = runEvent('evt_2', 'trun_a', 'running', 1);

        expect(await store.ingest([queued, running, queued], 'catch_up')).toMatchObject({ inserted: 2, duplicates: 1, changedRunIds: ['trun_a'] });
        expect(await store.ingest([running], 'webhook')).toEqual({ inserted: 0, duplicates: 1, changedRunIds: [] });

        expect((await store.statusHistory('trun_a')).map((entry) => entry.eventId)).toEqual(['evt_1', 'evt_2']);
        expect(await store.getRun('trun_a')).toMatchObject({ status: 'running' });
      });

      it('never moves a run back when an older event arrives late, but keeps it in the history', async () => {
        const { store } = await freshStore();
        await store.ingest([runEvent('evt_done', 'trun_a', 'completed', 20, { run: { runtimeMs: 20_000 } })], 'webhook');
        const late = await store.ingest([runEvent('evt_run', 'trun_a', 'running', 5), runEvent('evt_q', 'trun_a', 'queued', 0)], 'catch_up');

        expect(late).toEqual({ inserted: 2, duplicates: 0, changedRunIds: [] });
        expect(await store.getRun('trun_a')).toMatchObject({ status: 'completed', result: 'success', runtimeMs: 20_000, updatedAt: at(20) });
        expect((await store.statusHistory('trun_a')).map((entry) => [entry.status, entry.at])).toEqual([
          ['queued', at(0)],
          ['running', at(5)],
          ['completed', at(20)],
        ]);
      });

      it('lets the status further along win when two events carry the same instant, in either order', async () => {
        for (const order of [
          ['running', 'completed'],
          ['completed', 'running'],
        ] as const) {
          const { store } = await freshStore();
          for (const status of order) await store.ingest([runEvent(`evt_${status}`, 'trun_tie', status, 7)], 'webhook');
          expect((await store.getRun('trun_tie'))?.status).toBe('completed');
          expect((await store.statusHistory('trun_tie')).map((entry) => entry.status)).toEqual(['running', 'completed']);
        }
      });

      it('applies a later event with the same status (a resumed run goes back to running)', async () => {
        const { store } = await freshStore();
        await store.ingest(
          [
            runEvent('evt_1', 'trun_a', 'running', 1),
            runEvent('evt_2', 'trun_a', 'interaction_required', 2),
            runEvent('evt_3', 'trun_a', 'running', 3, { run: { runtimeMs: 3000 } }),
          ],
          'catch_up',
        );
        expect(await store.getRun('trun_a')).toMatchObject({ status: 'running', runtimeMs: 3000 });
        expect((await store.statusHistory('trun_a')).map((entry) => entry.status)).toEqual(['running', 'interaction_required', 'running']);
      });

      it('compares times written differently by the instant they name', async () => {
        const { store } = await freshStore();
        const whole = { ...runEvent('evt_1', 'trun_a', 'running', 0), createdAt: '2026-03-02T10:00:00Z' };
        // 09:30:00.5 in UTC−00:30 is 10:00:00.5 UTC: later, although it sorts first as written.
        const offset = { ...runEvent('evt_2', 'trun_a', 'completed', 0), createdAt: '2026-03-02T09:30:00.500-00:30' };
        await store.ingest([offset, whole], 'catch_up');
        expect((await store.getRun('trun_a'))?.status).toBe('completed');
        expect((await store.statusHistory('trun_a')).map((entry) => entry.at)).toEqual(['2026-03-02T10:00:00.000Z', '2026-03-02T10:00:00.500Z']);
      });

      it('keeps unrecognised statuses and event types, marked, and counts them by their upstream name', async () => {
        const { store } = await freshStore();
        const other: IngestedEvent = { id: 'evt_s', type: 'storage.created', createdAt: at(2), runId: 'trun_a', requestId: null, run: null };
        const result = await store.ingest([runEvent('evt_1', 'trun_a', null, 1, { upstreamStatus: 'paused_by_admin' }), other], 'catch_up');
        expect(result.inserted).toBe(2);
        expect(await store.getRun('trun_a')).toMatchObject({ status: null, upstreamStatus: 'paused_by_admin' });
        expect(await store.statusHistory('trun_a')).toEqual([
          {
            status: null,
            upstreamStatus: 'paused_by_admin',
            at: at(1),
            eventId: 'evt_1',
            eventType: 'task_run.paused_by_admin',
            result: null,
            runtimeMs: null,
          },
        ]);
        expect(await store.countByStatus()).toEqual({ paused_by_admin: 1 });
      });

      it('refuses events whose times cannot be read, names them, and stores the rest of the batch', async () => {
        const { store } = await freshStore();
        const result = await store.ingest(
          [
            { ...runEvent('evt_bad', 'trun_a', 'completed', 9), createdAt: 'yesterday' },
            runEvent('evt_badrun', 'trun_b', 'running', 1, { run: { createdAt: '' } }),
            runEvent('evt_ok', 'trun_a', 'running', 1),
          ],
          'webhook',
        );
        expect(result.inserted).toBe(1);
        expect(result.rejected?.map((entry) => entry.eventId)).toEqual(['evt_bad', 'evt_badrun']);
        expect(result.rejected?.[0]?.reason).toMatch(/created_at/);
        expect((await store.getRun('trun_a'))?.status).toBe('running');
        expect(await store.getRun('trun_b')).toBeNull();
      });

      it('ends in the same place whatever the order, batching and repeats of arrival', async () => {
        const { store } = await freshStore();
        const rankOf = (status: RunStatus) =>
          ['queued', 'running', ['interaction_required', 'review_required'], 'canceling', ['completed', 'failed', 'canceled']].findIndex((step) =>
            [step].flat().includes(status),
          );
        let round = 0;
        const oneEvent = fc.record({ run: fc.constantFrom('a', 'b', 'c'), status: fc.constantFrom(...RUN_STATUSES), second: fc.integer({ min: 0, max: 4 }) });
        await fc.assert(
          fc.asyncProperty(
            fc.array(oneEvent, { minLength: 1, maxLength: 12 }),
            fc.array(fc.nat(), { maxLength: 12 }),
            fc.integer({ min: 1, max: 5 }),
            async (specs, order, batchSize) => {
              round++;
              const events = specs.map((spec, i) => runEvent(`evt_${round}_${i}`, `trun_${round}_${spec.run}`, spec.status, spec.second));
              // Shuffle by the generated keys, repeat some events, and deliver in batches.
              const arrivals = [...events, ...events.filter((_, i) => (order[i] ?? 1) % 3 === 0)].map((event, i) => ({
                event,
                key: order[i % Math.max(order.length, 1)] ?? i,
              }));
              arrivals.sort((x, y) => x.key - y.key);
              for (let i = 0; i < arrivals.length; i += batchSize) {
                await store.ingest(
                  arrivals.slice(i, i + batchSize).map((arrival) => arrival.event),
                  i % 2 === 0 ? 'webhook' : 'catch_up',
                );
              }
              for (const runKey of new Set(specs.map((spec) => spec.run))) {
                const runId = `trun_${round}_${runKey}`;
                const mine = specs.filter((spec) => spec.run === runKey);
                const newest = Math.max(...mine.map((spec) => spec.second * 10 + rankOf(spec.status)));
                const winners = mine.filter((spec) => spec.second * 10 + rankOf(spec.status) === newest).map((spec) => spec.status);
                expect(winners).toContain((await store.getRun(runId))?.status);
                const history = await store.statusHistory(runId);
                expect(history).toHaveLength(mine.length);
                const keys = history.map((entry) => Date.parse(entry.at) * 10 + rankOf(entry.status ?? 'queued'));
                expect(keys).toEqual([...keys].sort((x, y) => x - y));
              }
            },
          ),
          { numRuns: 60 },
        );
      });

      it('ingests a batch of 10,000 events', async () => {
        const { store } = await freshStore();
        const steps: RunStatus[] = ['queued', 'running', 'interaction_required', 'completed'];
        const events = Array.from({ length: 10_000 }, (_, i) => runEvent(`evt_${i}`, `trun_${i % 2500}`, steps[Math.floor(i / 2500)] ?? 'completed', i));
        const result = await store.ingest(events, 'backfill');
        expect(result).toMatchObject({ inserted: 10_000, duplicates: 0 });
        expect(await store.countByStatus()).toEqual({ completed: 2500 });
      });
    });

    describe('upsertRuns (reads and lists)', () => {
      it('follows the same never-go-back rule by updatedAt, against events too', async () => {
        const { store } = await freshStore();
        await store.ingest([runEvent('evt_done', 'trun_a', 'completed', 10)], 'webhook');
        expect(await store.upsertRuns([snapshot({ runId: 'trun_a', status: 'running', updatedAt: at(5) })])).toEqual([]);
        expect((await store.getRun('trun_a'))?.status).toBe('completed');

        const failed = snapshot({ runId: 'trun_b', status: 'failed', updatedAt: at(30), errorCodes: ['auth_invalid'] });
        expect(await store.upsertRuns([failed, snapshot({ runId: 'trun_c', status: 'queued' })])).toEqual(['trun_b', 'trun_c']);
        expect(await store.upsertRuns([failed])).toEqual([]);
        expect(await store.ingest([runEvent('evt_b_run', 'trun_b', 'running', 20)], 'catch_up')).toMatchObject({ changedRunIds: [] });
        expect(await store.ingest([runEvent('evt_b_failed', 'trun_b', 'failed', 30)], 'webhook')).toMatchObject({ changedRunIds: [] });
        expect(await store.getRun('trun_b')).toMatchObject({ status: 'failed', errorCodes: ['auth_invalid'] });
        // Reads are not events: they add nothing to the history.
        expect((await store.statusHistory('trun_b')).map((entry) => entry.status)).toEqual(['running', 'failed']);
      });

      it('keeps what only reads know (errors, interaction type, session) when an event repeats the status', async () => {
        const { store } = await freshStore();
        await store.upsertRuns([
          snapshot({ runId: 'trun_a', status: 'interaction_required', updatedAt: at(5), interactionType: 'otp', sessionId: 'ses_1', workflowId: 'wf_1' }),
        ]);
        await store.ingest([runEvent('evt_1', 'trun_a', 'interaction_required', 5)], 'webhook');
        expect(await store.getRun('trun_a')).toMatchObject({ status: 'interaction_required', interactionType: 'otp', sessionId: 'ses_1', workflowId: 'wf_1' });

        await store.ingest([runEvent('evt_2', 'trun_a', 'running', 6)], 'webhook');
        expect(await store.getRun('trun_a')).toMatchObject({ status: 'running', interactionType: null, sessionId: 'ses_1' });

        // A list row of the same state (same updated_at) that leaves errors out keeps them.
        await store.upsertRuns([snapshot({ runId: 'trun_a', status: 'running', updatedAt: at(7), errorCodes: ['timeout'], interactionType: 'captcha' })]);
        await store.upsertRuns([snapshot({ runId: 'trun_a', status: 'running', updatedAt: at(7) })]);
        expect(await store.getRun('trun_a')).toMatchObject({ errorCodes: ['timeout'], interactionType: 'captcha' });

        // A newer read's empty errors are meant: they clear what an older one said.
        await store.upsertRuns([snapshot({ runId: 'trun_a', status: 'running', updatedAt: at(7), errorCodes: ['timeout'] })]);
        await store.upsertRuns([snapshot({ runId: 'trun_a', status: 'running', updatedAt: at(8), errorCodes: [] })]);
        expect((await store.getRun('trun_a'))?.errorCodes).toEqual([]);
      });

      it('writes a real change however often the unchanged read came before it', async () => {
        const { store } = await freshStore();
        const running = snapshot({ runId: 'trun_a', status: 'running', updatedAt: at(5), runtimeMs: 5_000, errors: [] });
        expect(await store.upsertRuns([running])).toEqual(['trun_a']);
        for (let read = 0; read < 3; read++) expect(await store.upsertRuns([{ ...running }])).toEqual([]);

        // Same status and time, one more error: a change all the same.
        expect(await store.upsertRuns([{ ...running, errorCodes: ['slow_page'], errors: [{ type: 'timeout', code: 'slow_page' }] }])).toEqual(['trun_a']);
        expect(await store.getRun('trun_a')).toMatchObject({ status: 'running', errorCodes: ['slow_page'] });
        // The read before it, again (it says there are no errors): same time and status, so it is the index's state now.
        expect(await store.upsertRuns([running])).toEqual(['trun_a']);
        expect((await store.getRun('trun_a'))?.errorCodes).toEqual([]);

        const completed = snapshot({ runId: 'trun_a', status: 'completed', updatedAt: at(9), runtimeMs: 9_000 });
        expect(await store.upsertRuns([completed])).toEqual(['trun_a']);
        expect(await store.getRun('trun_a')).toMatchObject({ status: 'completed', runtimeMs: 9_000, updatedAt: at(9) });
        // Older now: never goes back, however often it is read again.
        for (let read = 0; read < 2; read++) expect(await store.upsertRuns([running])).toEqual([]);
        expect((await store.getRun('trun_a'))?.status).toBe('completed');
      });

      it('measures a repeated read against what an event wrote since, not against the read before', async () => {
        const { store } = await freshStore();
        const completed = snapshot({ runId: 'trun_a', status: 'completed', updatedAt: at(5) });
        await store.upsertRuns([completed]);
        expect(await store.upsertRuns([completed])).toEqual([]);
        // An event of the same instant and as far along (both final) takes the index's place...
        expect(await store.ingest([runEvent('evt_failed', 'trun_a', 'failed', 5)], 'webhook')).toMatchObject({ changedRunIds: ['trun_a'] });
        expect((await store.getRun('trun_a'))?.status).toBe('failed');
        // ...and the same read, seen again, wins the tie back as it did the first time.
        expect(await store.upsertRuns([completed])).toEqual(['trun_a']);
        expect((await store.getRun('trun_a'))?.status).toBe('completed');
      });
    });

    describe('listing, filters and counts', () => {
      async function seeded() {
        const { store, clock } = await freshStore();
        await store.upsertRuns([
          snapshot({ runId: 'trun_q', status: 'queued', createdAt: at(1), taskId: 'task_a' }),
          snapshot({ runId: 'trun_r', status: 'running', createdAt: at(2), taskId: 'task_a', credentialId: 'cred_1' }),
          snapshot({ runId: 'trun_c', status: 'completed', createdAt: at(3), sourceId: 'src_2' }),
          snapshot({ runId: 'trun_f', status: 'failed', createdAt: at(4), agentId: 'agt_2' }),
          snapshot({ runId: 'trun_x', status: 'canceling', upstreamStatus: 'cancelling', createdAt: at(5) }),
          snapshot({ runId: 'trun_u', status: null, upstreamStatus: 'paused_by_admin', createdAt: at(6) }),
        ]);
        return { store, clock };
      }
      const ids = (runs: RunIndexSnapshot[]) => runs.map((run) => run.runId);

      it('lists newest created first and filters by status (canonical or as the upstream spells it), outcome and ids', async () => {
        const { store } = await seeded();
        expect(ids(await allRuns(store))).toEqual(['trun_u', 'trun_x', 'trun_f', 'trun_c', 'trun_r', 'trun_q']);
        expect(ids(await allRuns(store, { statuses: ['canceling'] }))).toEqual(['trun_x']);
        expect(ids(await allRuns(store, { statuses: ['cancelling', 'queued'] }))).toEqual(['trun_x', 'trun_q']);
        expect(ids(await allRuns(store, { statuses: ['paused_by_admin'] }))).toEqual(['trun_u']);
        expect(ids(await allRuns(store, { outcomes: ['failure'] }))).toEqual(['trun_f']);
        expect(ids(await allRuns(store, { outcomes: ['success', 'failure'] }))).toEqual(['trun_f', 'trun_c']);
        expect(ids(await allRuns(store, { taskId: 'task_a' }))).toEqual(['trun_r', 'trun_q']);
        expect(ids(await allRuns(store, { taskId: 'task_a', credentialId: 'cred_1' }))).toEqual(['trun_r']);
        expect(ids(await allRuns(store, { sourceId: 'src_2' }))).toEqual(['trun_c']);
        expect(ids(await allRuns(store, { agentId: 'agt_2' }))).toEqual(['trun_f']);
        expect(ids(await allRuns(store, { statuses: [], outcomes: [] }))).toHaveLength(6);
      });

      it('filters by creation time with strict bounds, like the upstream', async () => {
        const { store } = await seeded();
        expect(ids(await allRuns(store, { createdAfter: at(2), createdBefore: at(5) }))).toEqual(['trun_f', 'trun_c']);
        expect(ids(await allRuns(store, { createdAfter: '2026-03-02T10:00:05Z' }))).toEqual(['trun_u']);
        await expect(store.listRuns({ createdAfter: 'last week' }, { limit: 10, cursor: null })).rejects.toBeInstanceOf(InvalidRunFilterError);
      });

      it('counts runs by status under a filter', async () => {
        const { store } = await seeded();
        expect(await store.countByStatus()).toEqual({ queued: 1, running: 1, completed: 1, failed: 1, canceling: 1, paused_by_admin: 1 });
        expect(await store.countByStatus({ taskId: 'task_a' })).toEqual({ queued: 1, running: 1 });
        expect(await store.countByStatus({ outcomes: ['success'] })).toEqual({ completed: 1 });
      });

      it('pages with a cursor, without duplicates or gaps, while new runs arrive and others change', async () => {
        const { store } = await freshStore();
        // Pairs of runs share a created_at, so the run id has to break the tie.
        const initial = Array.from({ length: 25 }, (_, i) => snapshot({ runId: `trun_${String(i).padStart(2, '0')}`, createdAt: at(Math.floor(i / 2)) }));
        await store.upsertRuns(initial);

        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await store.listRuns({}, { limit: 4, cursor });
          seen.push(...page.runs.map((run) => run.runId));
          cursor = page.nextCursor;
          pages++;
          // Between pages: a newer run starts, an already-listed run changes status, and once a
          // back-filled run older than all others arrives (it belongs at the end, so it is listed).
          await store.upsertRuns([snapshot({ runId: `trun_new${pages}`, createdAt: at(100 + pages) })]);
          if (pages === 2) await store.upsertRuns([snapshot({ runId: 'trun_old', createdAt: at(-60) })]);
          await store.ingest([runEvent(`evt_${pages}`, seen[0] ?? '', 'completed', 200 + pages, { run: { createdAt: at(12) } })], 'webhook');
        } while (cursor !== null);

        expect(pages).toBe(7);
        expect(new Set(seen).size).toBe(seen.length);
        expect([...seen].sort()).toEqual([...initial.map((run) => run.runId), 'trun_old'].sort());
      });

      it('pages through a filtered list and ends with a null cursor', async () => {
        const { store } = await seeded();
        const first = await store.listRuns({ statuses: ['queued', 'running', 'completed'] }, { limit: 2, cursor: null });
        expect(ids(first.runs)).toEqual(['trun_c', 'trun_r']);
        const second = await store.listRuns({ statuses: ['completed', 'running', 'queued'] }, { limit: 2, cursor: first.nextCursor });
        expect(ids(second.runs)).toEqual(['trun_q']);
        expect(second.nextCursor).toBeNull();
        expect(ids((await store.listRuns({ statuses: ['queued'] }, { limit: 2, cursor: '' })).runs)).toEqual(['trun_q']);
      });

      it('refuses a cursor it did not issue, one that was altered, or one from another filter', async () => {
        const { store } = await seeded();
        const page = await store.listRuns({}, { limit: 2, cursor: null });
        const cursor = page.nextCursor ?? '';
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        const forged = Buffer.from(JSON.stringify({ v: 1, c: 'not a time', r: 'trun_a', f: 'x' })).toString('base64url');
        for (const bad of ['%%%', 'bm90IGpzb24', forged, cursor.slice(0, -3), 'A'.repeat(5000)]) {
          await expect(store.listRuns({}, { limit: 2, cursor: bad })).rejects.toBeInstanceOf(InvalidCursorError);
        }
        const elsewhere = store.listRuns({ taskId: 'task_a' }, { limit: 2, cursor });
        await expect(elsewhere).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(elsewhere).rejects.toMatchObject({ code: 'invalid_cursor' });
        await expect(store.listRuns({}, { limit: 0, cursor: null })).rejects.toBeInstanceOf(RangeError);
      });
    });

    describe('errors of failed runs', () => {
      const ids = (runs: RunIndexSnapshot[]) => runs.map((run) => run.runId);
      const sourceDown = { type: 'source', code: 'source_not_available' };

      it("keeps each error's type and code from an event or a read, and filters by code and by group", async () => {
        const { store } = await freshStore();
        await store.ingest([runEvent('evt_1', 'trun_a', 'failed', 10, { run: { errorCodes: ['source_not_available'], errors: [sourceDown] } })], 'catch_up');
        await store.upsertRuns([
          snapshot({
            runId: 'trun_b',
            status: 'failed',
            createdAt: at(1),
            updatedAt: at(20),
            errorCodes: ['timeout'],
            errors: [{ type: 'task', code: 'timeout' }],
          }),
          snapshot({
            runId: 'trun_c',
            status: 'failed',
            createdAt: at(2),
            updatedAt: at(20),
            errorCodes: ['auth_invalid', 'timeout'],
            errors: [
              { type: 'auth', code: 'auth_invalid' },
              { type: 'session', code: 'timeout' },
            ],
          }),
          snapshot({
            runId: 'trun_d',
            status: 'failed',
            createdAt: at(3),
            updatedAt: at(20),
            errorCodes: ['mystery'],
            errors: [{ type: 'brand_new', code: 'mystery' }],
          }),
          snapshot({ runId: 'trun_e', status: 'completed', createdAt: at(4), updatedAt: at(20) }),
        ]);
        expect(await store.getRun('trun_a')).toMatchObject({ errorCodes: ['source_not_available'], errors: [sourceDown] });
        expect(await store.getRun('trun_c')).toMatchObject({
          errors: [
            { type: 'auth', code: 'auth_invalid' },
            { type: 'session', code: 'timeout' },
          ],
        });

        expect(ids(await allRuns(store, { errorCodes: ['timeout'] }))).toEqual(['trun_c', 'trun_b']);
        expect(ids(await allRuns(store, { errorCodes: ['timeout', 'source_not_available'] }))).toEqual(['trun_c', 'trun_b', 'trun_a']);
        expect(ids(await allRuns(store, { errorGroups: ['source'] }))).toEqual(['trun_a']);
        expect(ids(await allRuns(store, { errorGroups: ['platform'] }))).toEqual(['trun_c', 'trun_b']);
        expect(ids(await allRuns(store, { errorGroups: ['request'] }))).toEqual(['trun_c']);
        expect(ids(await allRuns(store, { errorGroups: ['unknown'] }))).toEqual(['trun_d']);
        expect(ids(await allRuns(store, { errorGroups: ['request'], errorCodes: ['source_not_available'] }))).toEqual([]);
        expect(await store.countByStatus({ errorCodes: ['timeout'] })).toEqual({ failed: 2 });
        // A cursor belongs to its error filter like to any other.
        const first = await store.listRuns({ errorCodes: ['timeout'] }, { limit: 1, cursor: null });
        expect(ids(first.runs)).toEqual(['trun_c']);
        expect(ids((await store.listRuns({ errorCodes: ['timeout'] }, { limit: 1, cursor: first.nextCursor })).runs)).toEqual(['trun_b']);
        await expect(store.listRuns({ errorCodes: ['auth_invalid'] }, { limit: 1, cursor: first.nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
      });

      it('names failed runs whose errors are not known until a read tells them, even one stamped before the event', async () => {
        const { store } = await freshStore();
        await store.ingest(
          [runEvent('evt_1', 'trun_a', 'failed', 10), runEvent('evt_2', 'trun_b', 'failed', 12), runEvent('evt_3', 'trun_c', 'running', 13)],
          'catch_up',
        );
        expect(await store.failedRunsWithoutErrors(10)).toEqual(['trun_b', 'trun_a']);
        expect(await store.failedRunsWithoutErrors(1)).toEqual(['trun_b']);

        // The read's updated_at trails the event's time: the errors still fill the entry, nothing else moves back.
        await store.upsertRuns([
          snapshot({ runId: 'trun_a', status: 'failed', updatedAt: at(9), runtimeMs: 1, errorCodes: ['source_not_available'], errors: [sourceDown] }),
        ]);
        expect(await store.getRun('trun_a')).toMatchObject({ status: 'failed', updatedAt: at(10), errors: [sourceDown] });
        expect(ids(await allRuns(store, { errorGroups: ['source'] }))).toEqual(['trun_a']);
        // A read that found no errors at all is known too: the run is not asked about again.
        await store.upsertRuns([snapshot({ runId: 'trun_b', status: 'failed', updatedAt: at(12), errors: [] })]);
        expect(await store.failedRunsWithoutErrors(10)).toEqual([]);
        // An event repeating the failed status keeps what the read learned.
        await store.ingest([runEvent('evt_4', 'trun_a', 'failed', 30)], 'webhook');
        expect(await store.getRun('trun_a')).toMatchObject({ updatedAt: at(30), errorCodes: ['source_not_available'], errors: [sourceDown] });
        expect(ids(await allRuns(store, { errorCodes: ['source_not_available'] }))).toEqual(['trun_a']);
      });

      it('replaces the errors when a newer state says otherwise, and codes alone keep known types', async () => {
        const { store } = await freshStore();
        await store.upsertRuns([snapshot({ runId: 'trun_a', status: 'failed', updatedAt: at(5), errorCodes: ['source_not_available'], errors: [sourceDown] })]);
        // A read that knows the codes but not the types (an older caller) does not lose the types.
        await store.upsertRuns([snapshot({ runId: 'trun_a', status: 'failed', updatedAt: at(6), errorCodes: ['source_not_available'] })]);
        expect((await store.getRun('trun_a'))?.errors).toEqual([sourceDown]);
        await store.upsertRuns([
          snapshot({ runId: 'trun_a', status: 'failed', updatedAt: at(7), errorCodes: ['auth_invalid'], errors: [{ type: 'auth', code: 'auth_invalid' }] }),
        ]);
        expect(ids(await allRuns(store, { errorCodes: ['source_not_available'] }))).toEqual([]);
        expect(ids(await allRuns(store, { errorGroups: ['request'] }))).toEqual(['trun_a']);
        // Codes without types filter by code, count as unknown, and leave the run for a read to tell the types.
        await store.upsertRuns([snapshot({ runId: 'trun_a', status: 'failed', updatedAt: at(8), errorCodes: ['odd_code'] })]);
        expect(await store.getRun('trun_a')).toMatchObject({ errorCodes: ['odd_code'], errors: null });
        expect(ids(await allRuns(store, { errorGroups: ['unknown'], errorCodes: ['odd_code'] }))).toEqual(['trun_a']);
        expect(await store.failedRunsWithoutErrors(10)).toEqual(['trun_a']);
      });
    });

    describe('request ids', () => {
      it('resolves the request behind an event to its run, the earliest event first', async () => {
        const { store } = await freshStore();
        await store.ingest(
          [
            runEvent('evt_2', 'trun_a', 'running', 2, { requestId: 'req_create' }),
            runEvent('evt_1', 'trun_a', 'queued', 1, { requestId: 'req_create' }),
            runEvent('evt_3', 'trun_a', 'running', 3, { requestId: 'req_answer' }),
            runEvent('evt_4', 'trun_a', 'completed', 4, { requestId: '' }),
            { id: 'evt_5', type: 'task.updated', createdAt: at(5), runId: null, requestId: 'req_task', run: null },
          ],
          'catch_up',
        );
        expect(await store.lookupRequest('req_create')).toEqual({ requestId: 'req_create', runId: 'trun_a', at: at(1) });
        expect(await store.lookupRequest('req_answer')).toEqual({ requestId: 'req_answer', runId: 'trun_a', at: at(3) });
        expect(await store.lookupRequest('req_task')).toBeNull();
        expect(await store.lookupRequest('')).toBeNull();
        expect(await store.lookupRequest('req_unknown')).toBeNull();
      });
    });

    describe('catch-up state', () => {
      it('starts empty and survives a restart exactly as saved', async () => {
        const { store, reopen } = await freshStore();
        expect(await store.getCatchUpState()).toEqual({
          watermark: null,
          idsAtWatermark: [],
          backfill: { state: 'not_started', startedAt: null, finishedAt: null, oldestReached: null, eventsIngested: 0 },
        });
        const state: CatchUpState = {
          watermark: '2026-03-02T10:00:05.123Z',
          idsAtWatermark: ['evt_8', 'evt_9'],
          backfill: { state: 'running', startedAt: at(0), finishedAt: null, oldestReached: '2026-02-01T00:00:00Z', eventsIngested: 12_400 },
        };
        await store.setCatchUpState(state);
        await store.ingest([runEvent('evt_9', 'trun_a', 'running', 5)], 'catch_up');
        await store.close();

        const restarted = await reopen();
        expect(await restarted.getCatchUpState()).toEqual(state);
        expect(await restarted.ingest([runEvent('evt_9', 'trun_a', 'running', 5)], 'catch_up')).toMatchObject({ inserted: 0, duplicates: 1 });
        expect((await restarted.getRun('trun_a'))?.status).toBe('running');
      });

      it('refuses a malformed state and keeps the one saved before', async () => {
        const { store } = await freshStore();
        const good: CatchUpState = {
          watermark: at(1),
          idsAtWatermark: [],
          backfill: { state: 'done', startedAt: at(0), finishedAt: at(1), oldestReached: at(0), eventsIngested: 3 },
        };
        await store.setCatchUpState(good);
        const bad = { ...good, backfill: { ...good.backfill, state: 'halfway' } } as unknown as CatchUpState;
        await expect(store.setCatchUpState(bad)).rejects.toThrow(/backfill\.state/);
        expect(await store.getCatchUpState()).toEqual(good);
      });
    });

    describe('webhook deliveries', () => {
      it('says whether a delivery id is new, and forgets it after 24 hours', async () => {
        const { store, clock } = await freshStore();
        expect(await store.markDeliverySeen('msg_1')).toBe(true);
        expect(await store.markDeliverySeen('msg_1')).toBe(false);
        expect(await store.markDeliverySeen('msg_2')).toBe(true);

        clock.now = new Date(Date.parse(at(0)) + 23 * 3600_000);
        expect(await store.markDeliverySeen('msg_1')).toBe(false);
        clock.now = new Date(Date.parse(at(0)) + 25 * 3600_000);
        expect(await store.prune()).toMatchObject({ deliveries: 2 });
        expect(await store.markDeliverySeen('msg_2')).toBe(true);
        await expect(store.markDeliverySeen('')).rejects.toThrow(TypeError);
      });

      it('takes a forgotten delivery id as new again', async () => {
        const { store } = await freshStore();
        expect(await store.markDeliverySeen('msg_1')).toBe(true);
        expect(await store.markDeliverySeen('msg_2')).toBe(true);
        await store.forgetDelivery('msg_1');
        expect(await store.markDeliverySeen('msg_1')).toBe(true);
        expect(await store.markDeliverySeen('msg_2')).toBe(false);
      });

      it('treats an expired id as new even before pruning removed it', async () => {
        const { store, clock } = await freshStore();
        expect(await store.markDeliverySeen('msg_1')).toBe(true);
        clock.now = new Date(Date.parse(at(0)) + 24 * 3600_000 + 1000);
        expect(await store.markDeliverySeen('msg_1')).toBe(true);
        expect(await store.markDeliverySeen('msg_1')).toBe(false);
      });
    });

    describe('retention', () => {
      it('prunes events older than 30 days, with their history and request ids, and keeps the run index', async () => {
        const { store, clock, reopen } = await freshStore();
        await store.ingest(
          [runEvent('evt_old', 'trun_a', 'queued', 0, { requestId: 'req_old' }), runEvent('evt_new', 'trun_a', 'completed', 40 * 86_400)],
          'catch_up',
        );
        clock.now = new Date(Date.parse(at(0)) + 31 * 86_400_000);
        expect(await store.prune()).toMatchObject({ events: 1 });
        expect((await store.statusHistory('trun_a')).map((entry) => entry.eventId)).toEqual(['evt_new']);
        expect(await store.lookupRequest('req_old')).toBeNull();
        expect((await store.getRun('trun_a'))?.status).toBe('completed');

        await store.ingest([runEvent('evt_old2', 'trun_b', 'queued', 1)], 'catch_up');
        await store.close();
        const reopened = await reopen();
        // Opening prunes too.
        expect(await reopened.statusHistory('trun_b')).toEqual([]);
      });
    });
  });
}
