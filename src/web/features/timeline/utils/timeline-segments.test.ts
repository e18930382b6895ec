import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '@/contract/bff';
import { buildTimeline } from './timeline-segments';

const at = (iso: string) => Date.parse(iso);

function entry(status: TimelineEntry['status'], observedAt: string, upstreamUpdatedAt: string | null = null): TimelineEntry {
  return { status, upstreamStatus: status ?? 'paused_for_audit', observedAt, upstreamUpdatedAt, runtimeMs: null, result: null, errorCodes: [] };
}

describe('buildTimeline', () => {
  it('gives each status the time until the next one, using the upstream’s update time when it is earlier', () => {
    const model = buildTimeline(
      [
        entry('queued', '2026-03-02T10:00:01Z'),
        entry('running', '2026-03-02T10:00:12Z', '2026-03-02T10:00:10Z'),
        entry('completed', '2026-03-02T10:01:45Z', '2026-03-02T10:01:40Z'),
      ],
      '2026-03-02T10:00:00Z',
      '2026-03-02T10:00:01Z',
      at('2026-03-02T11:00:00Z'),
    );
    const durations = model.segments.map((s) => (s.kind === 'status' ? [s.status, s.endMs - s.startMs, s.final] : ['gap']));
    expect(durations).toEqual([
      ['queued', 10_000, false],
      ['running', 90_000, false],
      ['completed', 0, true],
    ]);
    expect(model.firstSeenAfterCreationMs).toBeNull();
    expect(model.endMs).toBe(at('2026-03-02T10:01:40Z'));
  });

  it('lets the current status of a live run grow until now', () => {
    const model = buildTimeline(
      [entry('queued', '2026-03-02T10:00:01Z'), entry('running', '2026-03-02T10:00:10Z')],
      '2026-03-02T10:00:00Z',
      null,
      at('2026-03-02T10:02:10Z'),
    );
    const running = model.segments[1]!;
    expect(running.kind === 'status' && running.ongoing).toBe(true);
    expect(running.endMs - running.startMs).toBe(120_000);
  });

  it('is honest about history it did not see', () => {
    const model = buildTimeline(
      [entry('running', '2026-03-02T10:30:00Z', '2026-03-02T10:29:58Z')],
      '2026-03-02T10:00:00Z',
      '2026-03-02T10:30:00Z',
      at('2026-03-02T10:31:00Z'),
    );
    expect(model.segments[0]).toMatchObject({ kind: 'gap', startMs: at('2026-03-02T10:00:00Z'), endMs: at('2026-03-02T10:29:58Z') });
    expect(model.firstSeenAfterCreationMs).toBe(at('2026-03-02T10:30:00Z'));
  });

  it('marks a short unobserved start as a gap without a note', () => {
    const model = buildTimeline([entry('failed', '2026-03-02T10:00:02Z', '2026-03-02T10:00:01Z')], '2026-03-02T10:00:00Z', '2026-03-02T10:00:02Z', 0);
    expect(model.segments.map((s) => s.kind)).toEqual(['gap', 'status']);
    expect(model.firstSeenAfterCreationMs).toBeNull();
  });

  it('has no gap for a run nobody watched when the event log covers it from creation', () => {
    const fromEvents = (status: TimelineEntry['status'], atIso: string): TimelineEntry => ({ ...entry(status, atIso, atIso), source: 'event' });
    const model = buildTimeline(
      [fromEvents('queued', '2026-03-02T10:00:00Z'), fromEvents('running', '2026-03-02T10:00:04Z'), fromEvents('completed', '2026-03-02T10:03:00Z')],
      '2026-03-02T10:00:00Z',
      // Runwatch itself first read the run hours later.
      '2026-03-02T14:00:00Z',
      at('2026-03-02T15:00:00Z'),
      'events',
    );
    expect(model.segments.map((s) => s.kind)).toEqual(['status', 'status', 'status']);
    expect(model.segments.map((s) => (s.kind === 'status' ? s.source : null))).toEqual(['event', 'event', 'event']);
    expect(model.firstSeenAfterCreationMs).toBeNull();
    expect(model.historyFrom).toBe('events');
    expect(model.endMs).toBe(at('2026-03-02T10:03:00Z'));
  });

  it('dates the unknown start by the first event when the event log begins after creation', () => {
    const model = buildTimeline(
      [{ ...entry('running', '2026-03-02T10:20:00Z', '2026-03-02T10:20:00Z'), source: 'event' }],
      '2026-03-02T10:00:00Z',
      '2026-03-02T11:00:00Z',
      at('2026-03-02T11:00:00Z'),
      'events',
    );
    expect(model.segments[0]).toMatchObject({ kind: 'gap', startMs: at('2026-03-02T10:00:00Z'), endMs: at('2026-03-02T10:20:00Z') });
    expect(model.firstSeenAfterCreationMs).toBe(at('2026-03-02T10:20:00Z'));
  });

  it('takes an entry without a source as observed', () => {
    const model = buildTimeline([entry('queued', '2026-03-02T10:00:01Z')], '2026-03-02T10:00:00Z', '2026-03-02T10:00:01Z', at('2026-03-02T10:00:05Z'));
    expect(model.segments[0]).toMatchObject({ kind: 'status', source: 'observed' });
    expect(model.historyFrom).toBe('observations');
  });

  it('handles no observations', () => {
    expect(buildTimeline([], '2026-03-02T10:00:00Z', null, at('2026-03-02T10:00:05Z')).segments).toEqual([]);
  });

  it('keeps an unrecognised status as an ongoing, not final, segment', () => {
    const model = buildTimeline(
      [entry('queued', '2026-03-02T10:00:01Z'), entry(null, '2026-03-02T10:00:20Z')],
      '2026-03-02T10:00:00Z',
      '2026-03-02T10:00:01Z',
      at('2026-03-02T10:01:00Z'),
    );
    const last = model.segments.at(-1);
    expect(last).toMatchObject({ kind: 'status', status: null, upstreamStatus: 'paused_for_audit', ongoing: true, final: false });
    expect(model.endMs).toBe(at('2026-03-02T10:01:00Z'));
  });
});
