import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import type { EventStore } from '../store/event-store';
import { openSqliteEventStore, type SqliteEventStore } from '../store/sqlite-event-store';
import { EventIntake } from './event-intake';

/** A webhook delivery whose event could not be stored must not make the upstream's retry look like a duplicate. */

const delivery = {
  id: 'evt_retry1',
  type: 'task_run.completed',
  created_at: '2026-03-02T10:00:05Z',
  data: { id: 'trun_retry1', status: 'completed', created_at: '2026-03-02T09:59:00Z', updated_at: '2026-03-02T10:00:05Z' },
};

const opened: Array<{ store: SqliteEventStore; dir: string }> = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A real SQLite event store whose first `ingest` fails (a full disk, a locked file). */
function storeFailingOnce(): EventStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-intake-'));
  const store = openSqliteEventStore({ dataDir: path.join(dir, 'data'), log: createLogger({ write: () => undefined }), pruneIntervalMs: 0 });
  opened.push({ store, dir });
  let failures = 1;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'ingest') return Reflect.get(target, property, receiver) as unknown;
      const ingest: EventStore['ingest'] = (events, source) => {
        if (failures-- > 0) return Promise.reject(new Error('disk I/O error'));
        return target.ingest(events, source);
      };
      return ingest;
    },
  });
}

describe('EventIntake.ingestDelivery', () => {
  it('takes in the retry of a delivery whose first attempt could not be stored', async () => {
    const store = storeFailingOnce();
    const intake = new EventIntake({ store, log: createLogger({ write: () => undefined }) });

    await expect(intake.ingestDelivery('msg_retry1', delivery)).rejects.toThrow('disk I/O error');
    expect(intake.webhookCounters()).toMatchObject({ received: 0, duplicates: 0 });

    const retry = await intake.ingestDelivery('msg_retry1', delivery);
    expect(retry).toMatchObject({ duplicateDelivery: false, inserted: 1, changedRunIds: ['trun_retry1'] });
    expect((await store.getRun('trun_retry1'))?.status).toBe('completed');
    expect(intake.webhookCounters()).toMatchObject({ received: 1, duplicates: 0 });

    // Once stored, the same delivery again is a duplicate.
    expect(await intake.ingestDelivery('msg_retry1', delivery)).toMatchObject({ duplicateDelivery: true, inserted: 0 });
    expect(intake.webhookCounters()).toMatchObject({ received: 1, duplicates: 1 });
  });
});
