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

describe('RunRowMemory.rememberRead', () => {
  it('keeps a row-sized summary of a read, not its output, input or error extras', () => {
    const memory = new RunRowMemory();
    const read = view({
      output: { text: 'o'.repeat(1_000_000) },
      errors: Array.from({ length: 5 }, (_, i) => ({
        type: 't',
        code: `c${i}`,
        message: 'm'.repeat(10_000),
        field: null,
        extra: { blob: 'x'.repeat(50_000) },
      })),
      interaction: { promptId: 'p', type: 'confirm', message: 'q'.repeat(10_000), fields: [] },
    });
    memory.rememberRead(read);
    const held = memory.heldFor('run_1');
    expect(held).toBeDefined();
    expect(held).not.toBe(read);
    expect(JSON.stringify(held).length).toBeLessThan(3_000);
    expect(memory.rowFor(snapshotOf(read))).toEqual(toRunRow(read));
  });

  it.each([
    ['no output', view()],
    ['a plain output', view({ output: 'plain text' })],
    ['an encrypted output', view({ output: `enc_${'z'.repeat(50_000)}` })],
    ['one long error', view({ errors: [{ type: 'x'.repeat(300), code: null, message: '\u{1F600}'.repeat(500), field: 'f'.repeat(90) }] })],
  ])('builds the same row as the full read with %s', (_, read) => {
    const memory = new RunRowMemory();
    memory.rememberRead(read);
    expect(memory.rowFor(snapshotOf(read))).toEqual(toRunRow(read));
  });
});
