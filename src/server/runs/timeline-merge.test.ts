import { describe, expect, it } from 'vitest';
import type { TimelineEntry, TimelineResponse } from '@/contract/bff';
import type { StatusHistoryEntry } from '../store/event-store';
import { mergeTimeline } from './timeline-merge';

const RUN = 'trun_merge1';

function event(status: StatusHistoryEntry['status'], at: string, extra: Partial<StatusHistoryEntry> = {}): StatusHistoryEntry {
  return {
    status,
    upstreamStatus: status ?? 'paused_by_policy',
    at,
    eventId: `evt_${at}`,
    eventType: `task_run.${status}`,
    result: null,
    runtimeMs: null,
    ...extra,
  };
}

function seen(status: TimelineEntry['status'], observedAt: string, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    status,
    upstreamStatus: status ?? 'paused_by_policy',
    observedAt,
    upstreamUpdatedAt: observedAt,
    runtimeMs: null,
    result: null,
    errorCodes: [],
    source: 'observed',
    ...extra,
  };
}

function observed(entries: TimelineEntry[]): TimelineResponse {
  return { runId: RUN, firstObservedAt: entries[0]?.observedAt ?? null, entries };
}

describe('mergeTimeline', () => {
  it('gives a run nobody watched its whole history from the events', () => {
    const merged = mergeTimeline(observed([]), [
      event('queued', '2026-03-02T10:00:00.000Z'),
      event('running', '2026-03-02T10:00:05.000Z'),
      event('completed', '2026-03-02T10:02:00.000Z', { result: 'success', runtimeMs: 115_000 }),
    ]);
    expect(merged.entries.map((e) => [e.status, e.observedAt, e.source])).toEqual([
      ['queued', '2026-03-02T10:00:00.000Z', 'event'],
      ['running', '2026-03-02T10:00:05.000Z', 'event'],
      ['completed', '2026-03-02T10:02:00.000Z', 'event'],
    ]);
    expect(merged.entries.at(-1)).toMatchObject({ result: 'success', runtimeMs: 115_000 });
    expect(merged.historyFrom).toBe('events');
    expect(merged.firstObservedAt).toBeNull();
  });

  it('folds an observation of the status an event set into that event, keeping the event’s time and the observed error codes', () => {
    const merged = mergeTimeline(
      observed([
        seen('running', '2026-03-02T10:00:07.000Z'),
        // Seen hours later: the same "failed" the event announced, not a new change.
        seen('failed', '2026-03-02T13:00:00.000Z', { upstreamUpdatedAt: '2026-03-02T10:01:00.000Z', result: 'failure', errorCodes: ['auth_invalid'] }),
      ]),
      [
        event('queued', '2026-03-02T10:00:00.000Z'),
        event('running', '2026-03-02T10:00:05.000Z'),
        event('failed', '2026-03-02T10:01:00.000Z', { result: 'failure' }),
      ],
    );
    expect(merged.entries.map((e) => [e.status, e.observedAt, e.source])).toEqual([
      ['queued', '2026-03-02T10:00:00.000Z', 'event'],
      ['running', '2026-03-02T10:00:05.000Z', 'event'],
      ['failed', '2026-03-02T10:01:00.000Z', 'event'],
    ]);
    expect(merged.entries.at(-1)!.errorCodes).toEqual(['auth_invalid']);
    expect(merged.firstObservedAt).toBe('2026-03-02T10:00:07.000Z');
  });

  it('treats a read a little ahead of the event (two clocks) as the same change', () => {
    const merged = mergeTimeline(observed([seen('running', '2026-03-02T10:00:03.000Z')]), [
      event('queued', '2026-03-02T10:00:00.000Z'),
      event('running', '2026-03-02T10:00:05.000Z'),
    ]);
    expect(merged.entries.map((e) => [e.status, e.source])).toEqual([
      ['queued', 'event'],
      ['running', 'event'],
    ]);
  });

  it('keeps what only Runwatch saw, in time order, marked observed', () => {
    // The event log has not been read past "running" yet; Runwatch's own read already saw the prompt.
    const merged = mergeTimeline(observed([seen('interaction_required', '2026-03-02T10:01:00.000Z', { upstreamUpdatedAt: '2026-03-02T10:00:58.000Z' })]), [
      event('queued', '2026-03-02T10:00:00.000Z'),
      event('running', '2026-03-02T10:00:05.000Z'),
    ]);
    expect(merged.entries.map((e) => [e.status, e.source])).toEqual([
      ['queued', 'event'],
      ['running', 'event'],
      ['interaction_required', 'observed'],
    ]);
  });

  it('starts from the observations when the events begin later (older events pruned)', () => {
    const merged = mergeTimeline(observed([seen('queued', '2026-03-02T10:00:01.000Z')]), [event('running', '2026-03-02T10:00:05.000Z')]);
    expect(merged.entries.map((e) => [e.status, e.source])).toEqual([
      ['queued', 'observed'],
      ['running', 'event'],
    ]);
    expect(merged.historyFrom).toBe('observations');
  });

  it('folds repeated events of one status, and tells two unrecognised statuses apart', () => {
    const merged = mergeTimeline(observed([]), [
      event('queued', '2026-03-02T10:00:00.000Z'),
      event('queued', '2026-03-02T10:00:00.000Z', { eventId: 'evt_dup' }),
      event(null, '2026-03-02T10:00:02.000Z', { upstreamStatus: 'paused_by_policy' }),
      event(null, '2026-03-02T10:00:04.000Z', { upstreamStatus: 'awaiting_quota' }),
      event('running', '2026-03-02T10:00:06.000Z', { runtimeMs: 1000 }),
      event('running', '2026-03-02T10:00:08.000Z', { runtimeMs: 3000 }),
    ]);
    expect(merged.entries.map((e) => [e.status, e.upstreamStatus])).toEqual([
      ['queued', 'queued'],
      [null, 'paused_by_policy'],
      [null, 'awaiting_quota'],
      ['running', 'running'],
    ]);
    expect(merged.entries.at(-1)).toMatchObject({ observedAt: '2026-03-02T10:00:06.000Z', runtimeMs: 3000 });
  });

  it('without events is the observations as they are, and says nothing of an empty history', () => {
    const only = mergeTimeline(observed([seen('running', '2026-03-02T10:00:07.000Z')]), []);
    expect(only.entries).toEqual([seen('running', '2026-03-02T10:00:07.000Z')]);
    expect(only.historyFrom).toBe('observations');
    expect(mergeTimeline(observed([]), [])).toEqual({ runId: RUN, firstObservedAt: null, entries: [] });
  });
});
