import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { openSqliteEventStore } from '../store/sqlite-event-store';
import { AccountsDatabaseMissingError, assertAccountsNotLost } from './accounts-presence';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('assertAccountsNotLost', () => {
  it('counts the event store as state of a data dir in use', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-presence-'));
    dirs.push(root);
    const dataDir = path.join(root, 'data');
    // A data dir that so far held only the event store (events.sqlite).
    await openSqliteEventStore({ dataDir, log: silentLogger, pruneIntervalMs: 0 }).close();
    expect(fs.readdirSync(dataDir).filter((name) => !name.startsWith('events.sqlite'))).toEqual([]);

    expect(() => assertAccountsNotLost(dataDir, false)).toThrow(AccountsDatabaseMissingError);
    expect(() => assertAccountsNotLost(dataDir, false)).toThrow(/other Runwatch state \(events\.sqlite\)/);
    expect(() => assertAccountsNotLost(dataDir, true)).not.toThrow();
  });
});
