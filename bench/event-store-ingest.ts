import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunStatus } from '../src/contract/run-status';
import { createLogger } from '../src/server/logger';
import type { IngestedEvent } from '../src/server/store/event-store';
import { openSqliteEventStore } from '../src/server/store/sqlite-event-store';
import { round } from './support/load';
import { table, type BenchSection } from './support/report';

/**
 * The SQLite event store under a back-fill's load: batches of 10,000 task-run events (2,500 runs,
 * four statuses each) ingested into a real file, then list pages and counts over the index.
 * Wall time includes whatever else the machine is doing; CPU time is this process's own.
 * Run alone with `npx tsx bench/event-store-ingest.ts`.
 */
const BATCH = 10_000;
const ROUNDS = 3;
/** "Well under a second" of the store's own CPU per 10,000 events; wall time shows how busy the machine was. */
const TARGET_CPU_MS = 500;
const STEPS: RunStatus[] = ['queued', 'running', 'interaction_required', 'completed'];

function events(roundIndex: number): IngestedEvent[] {
  const start = Date.parse('2026-03-02T10:00:00Z') + roundIndex * BATCH * 1000;
  return Array.from({ length: BATCH }, (_, i) => {
    const status = STEPS[Math.floor(i / (BATCH / STEPS.length))] ?? 'completed';
    const runId = `trun_${roundIndex}_${i % (BATCH / STEPS.length)}`;
    const at = new Date(start + i * 1000).toISOString();
    return {
      id: `evt_${roundIndex}_${i}`,
      type: `task_run.${status}`,
      createdAt: at,
      runId,
      requestId: status === 'queued' ? `req_${roundIndex}_${i}` : null,
      run: {
        runId,
        status,
        upstreamStatus: status,
        result: status === 'completed' ? 'success' : null,
        taskId: `task_${i % 20}`,
        agentId: 'agt_1',
        sourceId: `src_${i % 5}`,
        credentialId: null,
        sessionId: null,
        workflowId: null,
        runtimeMs: i,
        createdAt: new Date(start).toISOString(),
        updatedAt: at,
        errorCodes: [],
        interactionType: null,
      },
    };
  });
}

function timed<T>(work: () => T): { wallMs: number; cpuMs: number; value: T } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, value };
}

async function timedAsync<T>(work: () => Promise<T>): Promise<{ wallMs: number; cpuMs: number; value: T }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, value };
}

export async function benchEventStoreIngest(): Promise<BenchSection> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-bench-events-'));
  const store = openSqliteEventStore({
    dataDir,
    log: createLogger({ write: () => undefined }),
    pruneIntervalMs: 0,
    now: () => new Date('2026-03-03T00:00:00Z'),
  });
  try {
    const rows: (string | number)[][] = [];
    let worst = { wallMs: 0, cpuMs: 0 };
    for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
      const batch = timed(() => events(roundIndex)).value;
      const ingest = await timedAsync(() => store.ingest(batch, 'backfill'));
      if (ingest.cpuMs > worst.cpuMs) worst = ingest;
      rows.push([`ingest ${BATCH.toLocaleString('en')} events (round ${roundIndex + 1})`, round(ingest.wallMs, 0), round(ingest.cpuMs, 0)]);
    }
    const again = await timedAsync(() => store.ingest(events(0), 'catch_up'));
    rows.push([`the same ${BATCH.toLocaleString('en')} again (all duplicates)`, round(again.wallMs, 0), round(again.cpuMs, 0)]);
    const pages = await timedAsync(async () => {
      for (let i = 0; i < 100; i++) await store.listRuns({ statuses: ['completed'], taskId: 'task_3' }, { limit: 50, cursor: null });
    });
    rows.push(['100 filtered list pages of 50', round(pages.wallMs, 0), round(pages.cpuMs, 0)]);
    const counts = await timedAsync(async () => {
      for (let i = 0; i < 100; i++) await store.countByStatus();
    });
    rows.push([`100 status counts over ${((ROUNDS * BATCH) / STEPS.length).toLocaleString('en')} runs`, round(counts.wallMs, 0), round(counts.cpuMs, 0)]);
    return {
      title: 'Event store (SQLite)',
      body:
        `Batches of ${BATCH.toLocaleString('en')} task-run events (${(BATCH / STEPS.length).toLocaleString('en')} runs, four statuses each) into a real \`events.sqlite\`, ` +
        'then reads of the run index. Wall time includes other load on the machine; CPU is the store process alone.\n\n' +
        table(['step', 'wall ms', 'CPU ms'], rows),
      targets: [
        {
          name: `event store ingests ${BATCH.toLocaleString('en')} events well under a second`,
          met: worst.cpuMs < TARGET_CPU_MS,
          detail: `slowest batch ${round(worst.cpuMs, 0)} ms CPU (${round(worst.wallMs, 0)} ms wall)`,
        },
      ],
    };
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await benchEventStoreIngest();
  process.stdout.write(
    `## ${section.title}\n\n${section.body}\n\n${section.targets.map((t) => `${t.name}: ${t.met ? 'met' : 'missed'} (${t.detail})`).join('\n')}\n`,
  );
}
