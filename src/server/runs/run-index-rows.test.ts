import { describe, expect, it } from 'vitest';
import type { RunView } from '@/contract/bff';
import { RunRowMemory, snapshotOf } from './run-index-rows';
import { toRunRow } from './run-row';

function view(over: Partial<RunView> = {}): RunView {
  return {
    id: 'run_1',
    status: 'completed',
    upstreamStatus: 'completed',
    result: 'success',
    taskId: 'task_1',
    agentId: null,
    sourceId: null,
    credentialId: null,
    sessionId: null,
    workflowId: null,
    runtimeMs: 1200,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:01:00Z',
    canceledAt: null,
    output: null,
    errors: [],
    interaction: null,
    upstreamRequestId: 'req_1',
    input: { big: 'i'.repeat(100_000) },
    files: [],
    screenshots: [],
    sectionProblems: [],
    ...over,
  };
}

describe('RunRowMemory', () => {
  it.each([
    ['no output', view()],
    ['a plain output', view({ output: 'plain text' })],
    ['an encrypted output', view({ output: `enc_${'z'.repeat(50_000)}` })],
    ['one long error', view({ errors: [{ type: 'x'.repeat(300), code: null, message: '\u{1F600}'.repeat(500), field: 'f'.repeat(90) }] })],
  ])('serves the row of the last read with %s while the index holds the state that read saw', (_, read) => {
    const memory = new RunRowMemory();
    memory.remember(toRunRow(read));
    expect(memory.rowFor(snapshotOf(read))).toEqual(toRunRow(read));
  });

  it("serves the index's own row once the run moved on from what the read saw", () => {
    const memory = new RunRowMemory();
    const read = view({ errors: [{ type: 't', code: 'c1', message: 'what went wrong', field: null }] });
    memory.remember(toRunRow(read));
    const later = { ...snapshotOf(read), updatedAt: '2026-01-01T00:02:00Z' };
    const row = memory.rowFor(later);
    expect(row.updatedAt).toBe('2026-01-01T00:02:00Z');
    expect(row.errors.map((e) => e.message)).toEqual(['']);
  });
});
