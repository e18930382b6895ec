import { notifyManager } from '@tanstack/react-query';
import { act, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunScreenshot, RunView } from '@/contract/bff';
import type { RunScreenshotsResponse } from '@/contract/run-screenshots';
import { apiErrorBody, installFakeApi, type FakeApi } from '@/web/features/run-detail/testing/fake-api';
import { renderAtRunRoute } from '@/web/features/run-detail/testing/render-run-page';
import { makeRun, RUN_ID, runResponse, timelineOf } from '@/web/features/run-detail/testing/run-fixtures';
import { RunPage } from './run-page';

/** Lets timers, fetch promises and React updates run for `ms` of fake time. */
async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
    for (let round = 0; round < 10; round += 1) {
      for (let tick = 0; tick < 20; tick += 1) await Promise.resolve();
      await vi.advanceTimersByTimeAsync(0);
    }
  });
}

function setTabHidden(hidden: boolean) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
}

function shots(count: number): RunScreenshot[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    fileName: `shot_${index}.png`,
    fileType: 'image/png',
    fileSize: 1_000,
    createdAt: new Date(Date.parse('2026-03-02T10:14:10Z') + index * 5_000).toISOString(),
    imageUrl: `/api/runs/${RUN_ID}/screenshots/${index}`,
    reasoning: `Step ${index + 1}`,
  }));
}

describe('run page screenshot progress', () => {
  let run: RunView;
  /** Every screenshot the upstream has so far; the run's own copy may hold fewer. */
  let captured: RunScreenshot[];
  let api: FakeApi;
  const progressCalls = () => api.callsTo(`/api/runs/${RUN_ID}/screenshots`).filter((call) => call.path === `/api/runs/${RUN_ID}/screenshots`);

  beforeAll(async () => {
    await Promise.all([import('@/web/features/interaction/components/interaction-panel'), import('@/web/features/run-errors/components/error-panel')]);
  });

  beforeEach(() => {
    vi.useFakeTimers();
    notifyManager.setScheduler(queueMicrotask);
    captured = shots(3);
    run = makeRun({ status: 'running', screenshots: shots(3) });
    api = installFakeApi((request) => {
      if (request.path === '/api/session') return { body: { user: { name: 'Ola', role: 'viewer' } } };
      if (request.path === `/api/runs/${RUN_ID}/timeline`) return { body: timelineOf(['queued', run.status]) };
      if (request.path === `/api/runs/${RUN_ID}`) return { body: runResponse(run) };
      if (request.path === `/api/runs/${RUN_ID}/screenshots`) {
        const after = Number(request.search.get('after') ?? '0');
        const body: RunScreenshotsResponse = {
          runId: RUN_ID,
          total: captured.length,
          screenshots: captured.slice(after),
          sectionProblems: [],
          freshness: { stale: false, fetchedAt: new Date().toISOString(), ageSeconds: 0 },
        };
        return { body };
      }
      return { status: 404, body: apiErrorBody('not_found', 'No such route') };
    });
  });

  afterEach(() => {
    setTabHidden(false);
    notifyManager.setScheduler((callback) => setTimeout(callback, 0));
    vi.useRealTimers();
  });

  it('adds a working run’s new screenshots while the run’s own copy stays as it was', async () => {
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    expect(screen.getByText('3 captured by the agent')).toBeInTheDocument();

    captured = shots(5);
    await advance(3_000);
    expect(progressCalls().at(-1)?.search.get('after')).toBe('3');
    expect(screen.getByText('5 captured by the agent')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Screenshot 5 of 5. Open large view' })).toBeInTheDocument();

    // The run's next poll still carries 3: the gallery keeps all 5, and asks only for what is new.
    await advance(3_000);
    expect(screen.getByText('5 captured by the agent')).toBeInTheDocument();
    expect(progressCalls().at(-1)?.search.get('after')).toBe('5');
  });

  it('asks nothing while the run waits, while the tab is hidden, or once the run is final', async () => {
    run = makeRun({ status: 'review_required', screenshots: shots(3) });
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    await advance(15_000);
    expect(progressCalls()).toEqual([]);

    run = makeRun({ status: 'running', screenshots: shots(3) });
    await advance(3_000);
    const whileVisible = progressCalls().length;
    expect(whileVisible).toBeGreaterThan(0);

    setTabHidden(true);
    await advance(15_000);
    expect(progressCalls().length).toBe(whileVisible);
    setTabHidden(false);
    await advance(3_000);
    expect(progressCalls().length).toBeGreaterThan(whileVisible);

    run = makeRun({ status: 'completed', result: 'success', output: { ok: true }, screenshots: shots(4) });
    await advance(3_000);
    await advance(100);
    const settled = progressCalls().length;
    await advance(30_000);
    expect(progressCalls().length).toBe(settled);
  });
});
