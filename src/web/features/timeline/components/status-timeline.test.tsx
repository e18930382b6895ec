import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { StatusTimeline } from './status-timeline';

const noop = () => undefined;

describe('StatusTimeline', () => {
  it('lists the observed statuses with the time spent in each', () => {
    render(
      <StatusTimeline
        timeline={{
          runId: 'trun_1',
          firstObservedAt: '2026-03-02T10:00:01Z',
          entries: [
            {
              status: 'queued',
              upstreamStatus: 'queued',
              observedAt: '2026-03-02T10:00:01Z',
              upstreamUpdatedAt: null,
              runtimeMs: null,
              result: null,
              errorCodes: [],
            },
            {
              status: 'canceling',
              upstreamStatus: 'cancelling',
              observedAt: '2026-03-02T10:00:31Z',
              upstreamUpdatedAt: null,
              runtimeMs: 3000,
              result: null,
              errorCodes: [],
            },
            {
              status: 'failed',
              upstreamStatus: 'failed',
              observedAt: '2026-03-02T10:04:54Z',
              upstreamUpdatedAt: null,
              runtimeMs: 3000,
              result: 'failure',
              errorCodes: ['auth_invalid'],
            },
          ],
        }}
        loading={false}
        failed={false}
        onRetry={noop}
        createdAt="2026-03-02T10:00:00Z"
        updatedAt="2026-03-02T10:04:54Z"
        live={false}
        shots={[]}
        onSelectShot={noop}
      />,
    );
    const rows = within(screen.getByRole('list', { name: 'Status history' })).getAllByRole('listitem');
    expect(rows.map((row) => row.getAttribute('data-status'))).toEqual(['queued', 'canceling', 'failed']);
    expect(rows[0]).toHaveTextContent('31 s');
    expect(rows[1]).toHaveTextContent('4 m 23 s');
    // The old spelling is kept for people who know the upstream's word.
    expect(within(rows[1]!).getByText('(upstream: cancelling)')).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent('final');
    expect(rows[2]).toHaveTextContent('auth_invalid');
  });

  it('says when Runwatch first saw the run', () => {
    render(
      <StatusTimeline
        timeline={{
          runId: 'trun_1',
          firstObservedAt: '2026-03-02T10:30:00Z',
          entries: [
            {
              status: 'running',
              upstreamStatus: 'running',
              observedAt: '2026-03-02T10:30:00Z',
              upstreamUpdatedAt: null,
              runtimeMs: null,
              result: null,
              errorCodes: [],
            },
          ],
        }}
        loading={false}
        failed={false}
        onRetry={noop}
        createdAt="2026-03-02T10:00:00Z"
        updatedAt="2026-03-02T10:30:00Z"
        live
        shots={[]}
        onSelectShot={noop}
      />,
    );
    expect(screen.getByTestId('timeline-gap')).toHaveTextContent(/first seen by Runwatch at/);
    expect(screen.getByText(/Not observed for 30 m/)).toBeInTheDocument();
  });

  it('shows a history from the upstream’s event log without a gap, marking where each entry came from', () => {
    render(
      <StatusTimeline
        timeline={{
          runId: 'trun_1',
          firstObservedAt: '2026-03-02T14:00:00Z',
          historyFrom: 'events',
          entries: [
            {
              status: 'queued',
              upstreamStatus: 'queued',
              observedAt: '2026-03-02T10:00:00Z',
              upstreamUpdatedAt: '2026-03-02T10:00:00Z',
              runtimeMs: null,
              result: null,
              errorCodes: [],
              source: 'event',
            },
            {
              status: 'running',
              upstreamStatus: 'running',
              observedAt: '2026-03-02T10:00:05Z',
              upstreamUpdatedAt: '2026-03-02T10:00:05Z',
              runtimeMs: null,
              result: null,
              errorCodes: [],
              source: 'event',
            },
            {
              status: 'failed',
              upstreamStatus: 'failed',
              observedAt: '2026-03-02T14:00:00Z',
              upstreamUpdatedAt: '2026-03-02T10:02:05Z',
              runtimeMs: 120_000,
              result: 'failure',
              errorCodes: ['auth_invalid'],
              source: 'observed',
            },
          ],
        }}
        loading={false}
        failed={false}
        onRetry={noop}
        createdAt="2026-03-02T10:00:00Z"
        updatedAt="2026-03-02T10:02:05Z"
        live={false}
        shots={[]}
        onSelectShot={noop}
      />,
    );
    expect(screen.queryByTestId('timeline-gap')).not.toBeInTheDocument();
    expect(screen.queryByText(/Not observed/)).not.toBeInTheDocument();
    const rows = within(screen.getByRole('list', { name: 'Status history' })).getAllByRole('listitem');
    expect(rows.map((row) => row.getAttribute('data-status'))).toEqual(['queued', 'running', 'failed']);
    expect(within(rows[0]!).getByText('From the upstream’s event log')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Observed by Runwatch')).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('2 m');
  });

  it('offers a retry when the history could not be loaded', () => {
    const onRetry = vi.fn();
    render(
      <StatusTimeline
        timeline={undefined}
        loading={false}
        failed
        onRetry={onRetry}
        createdAt="2026-03-02T10:00:00Z"
        updatedAt="2026-03-02T10:00:00Z"
        live={false}
        shots={[]}
        onSelectShot={noop}
      />,
    );
    screen.getByRole('button', { name: 'Try again' }).click();
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('groups hundreds of screenshots into counted ticks that open the first shot of their group', async () => {
    const onSelectShot = vi.fn();
    const start = Date.parse('2026-03-02T10:00:00Z');
    const shots = Array.from({ length: 400 }, (_, i) => ({ position: i + 1, createdAt: new Date(start + 1_000 + i * 1_000).toISOString() }));
    render(
      <StatusTimeline
        timeline={{
          runId: 'trun_1',
          firstObservedAt: '2026-03-02T10:00:00Z',
          entries: [
            {
              status: 'queued',
              upstreamStatus: 'queued',
              observedAt: '2026-03-02T10:00:00Z',
              upstreamUpdatedAt: null,
              runtimeMs: null,
              result: null,
              errorCodes: [],
            },
            {
              status: 'completed',
              upstreamStatus: 'completed',
              observedAt: '2026-03-02T10:06:41Z',
              upstreamUpdatedAt: null,
              runtimeMs: 401_000,
              result: 'success',
              errorCodes: [],
            },
          ],
        }}
        loading={false}
        failed={false}
        onRetry={noop}
        createdAt="2026-03-02T10:00:00Z"
        updatedAt="2026-03-02T10:06:41Z"
        live={false}
        shots={[...shots, { position: 401, createdAt: null }]}
        onSelectShot={onSelectShot}
      />,
    );
    const ticks = within(screen.getByRole('list', { name: 'Screenshots on the timeline' })).getAllByRole('button');
    expect(ticks.length).toBeLessThanOrEqual(16);
    expect(ticks.reduce((sum, tick) => sum + Number(tick.getAttribute('data-shot-count')), 0)).toBe(400);
    expect(ticks[0]).toHaveAccessibleName(/^Screenshots 1–\d+ \(\d+\); open screenshot 1$/);
    ticks[1]!.click();
    expect(onSelectShot).toHaveBeenCalledWith(Number(/Screenshots (\d+)/.exec(ticks[1]!.getAttribute('aria-label')!)![1]));
    expect(screen.getByText(/400 screenshots, grouped/)).toBeInTheDocument();
  });

  it('shows an unrecognised status as the upstream spelled it', () => {
    render(
      <StatusTimeline
        timeline={{
          runId: 'trun_1',
          firstObservedAt: '2026-03-02T10:00:00Z',
          entries: [
            {
              status: null,
              upstreamStatus: 'paused_for_audit',
              observedAt: '2026-03-02T10:00:00Z',
              upstreamUpdatedAt: null,
              runtimeMs: null,
              result: null,
              errorCodes: [],
            },
          ],
        }}
        loading={false}
        failed={false}
        onRetry={noop}
        createdAt="2026-03-02T10:00:00Z"
        updatedAt="2026-03-02T10:00:00Z"
        live
        shots={[]}
        onSelectShot={noop}
      />,
    );
    const row = within(screen.getByRole('list', { name: 'Status history' })).getByRole('listitem');
    expect(row).toHaveAttribute('data-status', 'unrecognised');
    expect(row).toHaveTextContent('paused_for_audit');
    expect(row).toHaveTextContent('so far');
  });
});
