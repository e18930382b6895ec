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

const INTERACTION: RunView['interaction'] = { promptId: 'p1', type: 'mfa_code', message: 'Enter the code', fields: [] };

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

  it('keeps the row of a read while later reads show the run in the same state, and builds a new one once it changed', () => {
    const memory = new RunRowMemory();
    const first = view({ output: 'plain text', errors: [{ type: 't', code: 'c1', message: 'first message', field: null }] });
    memory.rememberRead(first);
    const kept = memory.rowFor(snapshotOf(first));
    // A poll of the unchanged run: the same row, not one rebuilt from the new read.
    memory.rememberRead(view({ output: 'plain text', errors: [{ type: 't', code: 'c1', message: 'first message', field: null }] }));
    expect(memory.rowFor(snapshotOf(first))).toBe(kept);

    // Each change on its own, against a memory holding the first read's row.
    for (const changed of <RunView[]>[
      { ...first, upstreamStatus: 'completed_with_notes' },
      { ...first, updatedAt: '2026-01-01T00:05:00Z' },
      { ...first, runtimeMs: 1300 },
      { ...first, output: null },
      { ...first, result: 'failure' },
      { ...first, output: 'enc_v1.abc' },
      { ...first, status: 'failed' },
      { ...first, canceledAt: '2026-01-01T00:00:59Z' },
      view({
        errors: [
          { type: 't', code: 'c2', message: 'another', field: null },
          { type: 't', code: 'c3', message: 'and one more', field: null },
        ],
      }),
      { ...first, interaction: INTERACTION },
    ]) {
      const memory = new RunRowMemory();
      memory.rememberRead(first);
      memory.rememberRead(changed);
      expect(memory.rowFor(snapshotOf(changed))).toEqual(toRunRow(changed));
    }
  });
});
