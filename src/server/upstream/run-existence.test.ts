import { describe, expect, it } from 'vitest';
import { RunExistence } from './run-existence';
import { UpstreamError } from './upstream-error';

describe('RunExistence', () => {
  const notFound = () => new UpstreamError('not_found', 'the upstream does not know this resource', { httpStatus: 404 });

  it('remembers "not found" for its window only', () => {
    let now = 0;
    const memory = new RunExistence({ notFoundTtlMs: 30_000, now: () => now });
    const error = notFound();
    memory.noteNotFound('trun_a', error);
    expect(memory.notFound('trun_a')).toBe(error);
    now += 29_999;
    expect(memory.notFound('trun_a')).toBe(error);
    now += 1;
    expect(memory.notFound('trun_a')).toBeNull();
  });

  it('forgets "not found" once the run is seen to exist, and the other way round', () => {
    const memory = new RunExistence();
    memory.noteNotFound('trun_a', notFound());
    memory.noteExists('trun_a');
    expect(memory.notFound('trun_a')).toBeNull();
    expect(memory.isKnown('trun_a')).toBe(true);
    memory.noteNotFound('trun_a', notFound());
    expect(memory.isKnown('trun_a')).toBe(false);
  });

  it('stays bounded, forgetting the least recently noted ids first', () => {
    const memory = new RunExistence({ maxKnown: 2, maxNotFound: 2 });
    for (const id of ['trun_1', 'trun_2', 'trun_3']) {
      memory.noteExists(id);
      memory.noteNotFound(`${id}x`, notFound());
    }
    expect(['trun_1', 'trun_2', 'trun_3'].map((id) => memory.isKnown(id))).toEqual([false, true, true]);
    expect(['trun_1x', 'trun_2x', 'trun_3x'].map((id) => memory.notFound(id) !== null)).toEqual([false, true, true]);
  });
});
