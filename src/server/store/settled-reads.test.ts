import { describe, expect, it } from 'vitest';
import { snapshot } from './event-store-suite';
import { SettledReads } from './settled-reads';

describe('settled reads', () => {
  it('holds a run only for the very snapshot noted, until it is forgotten', () => {
    const reads = new SettledReads();
    const read = snapshot({ runId: 'trun_a', status: 'running', errors: [] });
    const fingerprint = reads.fingerprintOf(read);
    reads.note('trun_a', fingerprint);

    expect(reads.holds('trun_a', reads.fingerprintOf({ ...read }))).toBe(true);
    for (const change of [
      { status: 'completed' as const },
      { runtimeMs: 1 },
      { errors: [{ type: 'timeout', code: null }] },
      { errors: null },
      { interactionType: 'otp' },
    ]) {
      expect(reads.holds('trun_a', reads.fingerprintOf({ ...read, ...change }))).toBe(false);
    }
    expect(reads.holds('trun_b', fingerprint)).toBe(false);

    reads.forget('trun_a');
    expect(reads.holds('trun_a', fingerprint)).toBe(false);
  });

  it('keeps the runs noted most recently when it is full', () => {
    const reads = new SettledReads(2);
    for (const runId of ['trun_a', 'trun_b']) reads.note(runId, runId);
    reads.note('trun_a', 'trun_a');
    reads.note('trun_c', 'trun_c');

    expect(reads.size).toBe(2);
    expect(reads.holds('trun_b', 'trun_b')).toBe(false);
    expect(reads.holds('trun_a', 'trun_a')).toBe(true);
    expect(reads.holds('trun_c', 'trun_c')).toBe(true);
  });
});
