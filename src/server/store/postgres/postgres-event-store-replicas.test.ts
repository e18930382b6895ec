import { afterEach, describe, expect, it } from 'vitest';
import type { RunStatus } from '@/contract/run-status';
import { createLogger } from '@/server/logger';
import { postgresTestPlaces } from '@/server/testing/postgres-test-database';
import type { IngestedEvent } from '../event-store';
import { at, runEvent } from '../event-store-suite';
import { connectPostgres, type PostgresDatabase } from './postgres-database';
import { openPostgresEventStore, type PostgresEventStore } from './postgres-event-store';

/** Several replicas writing one PostgreSQL event store at once (each with its own pool, as separate processes would). */

const quietLog = createLogger({ write: () => undefined });
const places = postgresTestPlaces('replicas');
const LIFECYCLE: RunStatus[] = ['queued', 'running', 'interaction_required', 'running', 'completed'];

describe('event store on PostgreSQL, several replicas', () => {
  const databases: PostgresDatabase[] = [];
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.close();
  });
  async function replicas(count: number, place: string): Promise<PostgresEventStore[]> {
    return Promise.all(
      Array.from({ length: count }, async () => {
        const database = await connectPostgres({ url: place, log: quietLog, maxConnections: 4 });
        databases.push(database);
        return openPostgresEventStore({ database, log: quietLog, now: () => new Date(at(0)), pruneIntervalMs: 0 });
      }),
    );
  }

  /** Every run's whole lifecycle, one event per status change, spread over 30 runs. */
  function lifecycleEvents(): IngestedEvent[] {
    return Array.from({ length: 30 }, (_, run) =>
      LIFECYCLE.map((status, step) =>
        runEvent(`evt_${run}_${step}`, `trun_${String(run).padStart(2, '0')}`, status, run + step * 10, { run: { createdAt: at(run) } }),
      ),
    ).flat();
  }

  /** A fixed shuffle, so a failure can be replayed. */
  function shuffled<T>(items: T[], seed: number): T[] {
    const copy = [...items];
    let state = seed;
    for (let i = copy.length - 1; i > 0; i--) {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      const j = state % (i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }

  it('stores each event once and ends every run at its last status when three replicas ingest the same events at once in different orders', async () => {
    const [first, second, third] = await replicas(3, await places.newPlace());
    const events = lifecycleEvents();
    const results = await Promise.all(
      [first!, second!, third!].map(async (store, replica) => {
        const order = shuffled(events, replica + 1);
        let inserted = 0;
        // Small batches, so the replicas' transactions interleave on the same runs.
        for (let start = 0; start < order.length; start += 7)
          inserted += (await store.ingest(order.slice(start, start + 7), replica === 1 ? 'webhook' : 'catch_up')).inserted;
        return inserted;
      }),
    );

    expect(results.reduce((sum, inserted) => sum + inserted, 0)).toBe(events.length);
    const runs = (await first!.listRuns({}, { limit: 100, cursor: null })).runs;
    expect(runs).toHaveLength(30);
    expect(new Set(runs.map((run) => run.status))).toEqual(new Set(['completed']));
    expect(await second!.countByStatus()).toEqual({ completed: 30 });
    expect((await third!.statusHistory('trun_07')).map((entry) => entry.status)).toEqual(LIFECYCLE);
  });

  it('takes a webhook delivery once however many replicas it reaches at the same moment', async () => {
    const stores = await replicas(4, await places.newPlace());
    const answers = await Promise.all(stores.map((store) => store.markDeliverySeen('msg_1')));
    expect(answers.filter(Boolean)).toHaveLength(1);
  });
});
