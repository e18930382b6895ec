import { describe, expect, it } from 'vitest';
import { emptyToNull, normalizeEvent } from './normalize-event';

const completed = {
  id: 'evt_abc123',
  object: 'event',
  type: 'task_run.completed',
  created_at: '2026-03-02T10:00:05Z',
  request_id: 'req_xyz789',
  data: {
    id: 'trun_run1',
    object: 'task_run',
    status: 'completed',
    result: 'success',
    task_id: 'task_t1',
    credential_id: '',
    agent_id: 'agt_a1',
    source_id: '',
    workflow_id: '',
    runtime_ms: 41_000,
    created_at: '2026-03-02T09:59:00Z',
    updated_at: '2026-03-02T10:00:05+00:00',
  },
};

describe('normalizeEvent', () => {
  it('reads a task_run event into the index snapshot, "" as null, times in one form', () => {
    const result = normalizeEvent(completed);
    expect(result).toEqual({
      ok: true,
      event: {
        id: 'evt_abc123',
        type: 'task_run.completed',
        createdAt: '2026-03-02T10:00:05.000Z',
        runId: 'trun_run1',
        requestId: 'req_xyz789',
        run: {
          runId: 'trun_run1',
          status: 'completed',
          upstreamStatus: 'completed',
          result: 'success',
          taskId: 'task_t1',
          agentId: 'agt_a1',
          sourceId: null,
          credentialId: null,
          sessionId: null,
          workflowId: null,
          runtimeMs: 41_000,
          createdAt: '2026-03-02T09:59:00.000Z',
          updatedAt: '2026-03-02T10:00:05.000Z',
          errorCodes: [],
          interactionType: null,
        },
      },
    });
  });

  it('tolerates a snapshot with missing fields: the status comes from the type, the times from the event', () => {
    const result = normalizeEvent({ id: 'evt_2', type: 'task_run.canceling', created_at: '2026-03-02T10:00:00.000Z', data: { id: 'trun_run2' } });
    expect(result.ok && result.event.run).toMatchObject({
      status: 'canceling',
      upstreamStatus: 'canceling',
      result: null,
      runtimeMs: null,
      createdAt: '2026-03-02T10:00:00.000Z',
      updatedAt: '2026-03-02T10:00:00.000Z',
    });
    expect(result.ok && result.event.requestId).toBeNull();
  });

  it('keeps an unknown status raw and marks it unrecognised; accepts older spellings', () => {
    const unknown = normalizeEvent({ ...completed, type: 'task_run.paused', data: { ...completed.data, status: 'paused' } });
    expect(unknown.ok && unknown.event.run).toMatchObject({ status: null, upstreamStatus: 'paused' });
    const older = normalizeEvent({ ...completed, type: 'task_run.canceling', data: { ...completed.data, status: 'cancelling', result: '' } });
    expect(older.ok && older.event.run).toMatchObject({ status: 'canceling', upstreamStatus: 'cancelling', result: null });
  });

  it('keeps events of types it does not follow, with the run of a storage event', () => {
    expect(
      normalizeEvent({ id: 'evt_3', type: 'storage.created', created_at: '2026-03-02T10:00:00Z', data: { id: 'stor_1', task_run_id: 'trun_run1' } }),
    ).toEqual({
      ok: true,
      event: { id: 'evt_3', type: 'storage.created', createdAt: '2026-03-02T10:00:00.000Z', runId: 'trun_run1', requestId: null, run: null },
    });
    const future = normalizeEvent({ id: 'evt_4', type: 'widget.exploded', created_at: '2026-03-02T10:00:00Z', data: 'whatever' });
    expect(future.ok && future.event).toMatchObject({ type: 'widget.exploded', runId: null, run: null });
  });

  it('skips what cannot be used, with a reason', () => {
    const reasons = [
      null,
      'evt_1',
      { type: 'task_run.queued', created_at: '2026-03-02T10:00:00Z', data: { id: 'trun_1' } },
      { id: 'evt_1', created_at: '2026-03-02T10:00:00Z' },
      { id: 'evt_1', type: 'task_run.queued', created_at: 'yesterday', data: { id: 'trun_1' } },
      { id: 'evt_1', type: 'task_run.queued', created_at: '2026-03-02T10:00:00Z', data: { id: '' } },
      { id: 'evt_1', type: 'task_run.queued', created_at: '2026-03-02T10:00:00Z', data: { id: 'trun_../../x' } },
      { id: 'evt_1', type: 'task_run.queued', created_at: '2026-03-02T10:00:00Z', data: [] },
    ].map((raw) => {
      const result = normalizeEvent(raw);
      return result.ok ? 'read' : result.reason;
    });
    expect(reasons).toEqual([
      'not an object',
      'not an object',
      'no event id',
      'no event type',
      'created_at is not an ISO 8601 time',
      'task_run event without a readable run id',
      'task_run event without a readable run id',
      'task_run event without a readable run id',
    ]);
  });

  it('drops a request id that is not one, and a runtime that is not a duration', () => {
    const result = normalizeEvent({ ...completed, request_id: 'DROP TABLE', data: { ...completed.data, runtime_ms: -5 } });
    expect(result.ok && [result.event.requestId, result.event.run?.runtimeMs]).toEqual([null, null]);
  });
});

describe('normalizeEvent with errors in task_run event data', () => {
  const failed = (errors: unknown) =>
    normalizeEvent({ ...completed, type: 'task_run.failed', data: { ...completed.data, status: 'failed', result: 'failure', errors } });

  it("keeps each error's type and code, read liberally", () => {
    const result = failed([
      { type: 'source', code: 'source_not_available', message: 'Site down.' },
      { type: '', code: 'timeout' },
      { type: 'api', code: '' },
    ]);
    expect(result.ok && result.event.run).toMatchObject({
      errorCodes: ['source_not_available', 'timeout'],
      errors: [
        { type: 'source', code: 'source_not_available' },
        { type: null, code: 'timeout' },
        { type: 'api', code: null },
      ],
    });
  });

  it('takes a lone error object as a list of one', () => {
    const result = failed({ type: 'auth', code: 'auth_invalid' });
    expect(result.ok && result.event.run?.errors).toEqual([{ type: 'auth', code: 'auth_invalid' }]);
  });

  it('leaves the errors unknown when none is usable, and never fails the event', () => {
    for (const errors of [null, '', [], 'source_error', 42, [null, 'x', { message: 'no type or code' }], [{ code: 'c'.repeat(500) }]]) {
      const result = failed(errors);
      expect(result.ok).toBe(true);
      expect(result.ok && result.event.run).toMatchObject({ status: 'failed', errorCodes: [] });
      expect(result.ok && result.event.run?.errors).toBeUndefined();
    }
  });
});

describe('normalizeEvent with a "__proto__" key in event data', () => {
  // JSON.parse makes "__proto__" a real own key, as it arrives in a body from upstream.
  const event = (data: string) => JSON.parse(`{"id":"evt_proto1","type":"task_run.running","created_at":"2026-03-02T10:00:00Z","data":${data}}`) as unknown;

  it('does not let the key choose the run id or status', () => {
    expect(normalizeEvent(event('{"__proto__":{"id":"trun_x","status":"completed"}}'))).toEqual({
      ok: false,
      eventId: 'evt_proto1',
      reason: 'task_run event without a readable run id',
    });
    const result = normalizeEvent(event('{"id":"trun_real1","__proto__":{"id":"trun_x","status":"completed"}}'));
    expect(result.ok && [result.event.runId, result.event.run?.status]).toEqual(['trun_real1', 'running']);
  });
});

describe('emptyToNull', () => {
  it('turns "" into null at any depth without changing the input', () => {
    const input = { a: '', b: { c: ['', 'x', { d: '' }] }, e: 0, f: false };
    expect(emptyToNull(input)).toEqual({ a: null, b: { c: [null, 'x', { d: null }] }, e: 0, f: false });
    expect(input.a).toBe('');
  });
});
