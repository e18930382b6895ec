import { notifyManager } from '@tanstack/react-query';
import { act, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunView } from '@/contract/bff';
import { apiErrorBody, installFakeApi } from '@/web/features/run-detail/testing/fake-api';
import { renderAtRunRoute } from '@/web/features/run-detail/testing/render-run-page';
import { makeRun, RUN_ID, runResponse, timelineOf } from '@/web/features/run-detail/testing/run-fixtures';
import { RunPage } from './run-page';

// The error panel is loaded on demand; holding it back shows what the page does meanwhile.
const errorPanelDownload = vi.hoisted(() => {
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { arrived, release };
});
vi.mock('@/web/features/run-errors/components/error-panel', async (importOriginal) => {
  await errorPanelDownload.arrived;
  return importOriginal();
});

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

describe('run page sections loaded on demand', () => {
  let run: RunView;

  beforeAll(async () => {
    // Loaded up front, so what the test advances is fake time alone, not a first import's real time.
    await Promise.all([
      import('@/web/features/interaction/components/interaction-panel'),
      import('@/web/features/run-errors/utils/failure-headline'),
      vi.importActual('../../features/run-errors/components/error-panel'),
    ]);
  });

  beforeEach(() => {
    vi.useFakeTimers();
    notifyManager.setScheduler(queueMicrotask);
    run = makeRun({ status: 'running' });
    installFakeApi((request) => {
      if (request.path === '/api/session') return { body: { user: { name: 'Ola', role: 'operator' } } };
      if (request.path === `/api/runs/${RUN_ID}/timeline`) return { body: timelineOf(['queued', run.status]) };
      if (request.path === `/api/runs/${RUN_ID}/audit`) return { body: { runId: RUN_ID, entries: [] } };
      if (request.path === `/api/runs/${RUN_ID}`) return { body: runResponse(run) };
      return { status: 404, body: apiErrorBody('not_found', 'No such route') };
    });
  });

  afterEach(() => {
    notifyManager.setScheduler((callback) => setTimeout(callback, 0));
    vi.useRealTimers();
  });

  it('keeps showing a live run while the explanation of its failure loads, then shows both at once', async () => {
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    expect(screen.getByTestId('run-summary')).toHaveTextContent('Running');

    run = makeRun({
      status: 'failed',
      result: 'failure',
      runtimeMs: 263_004,
      errors: [{ type: 'auth', code: 'auth_invalid', message: 'Bad password', field: null }],
    });
    await advance(3_000);
    // The failure has arrived but its explanation has not: the page stays as it was, not a skeleton.
    expect(screen.getByTestId('run-summary')).toHaveTextContent('Running');
    expect(screen.queryByText('Loading run…')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: /What went wrong/ })).not.toBeInTheDocument();

    errorPanelDownload.release();
    // The page's own import settles with this one (module loading takes real time, not fake time).
    await import('@/web/features/run-errors/components/error-panel');
    await advance(0);
    expect(screen.getByTestId('run-summary')).toHaveTextContent('Failed after 4 m 23 s — the website rejected the stored credentials (auth_invalid).');
    expect(screen.getByRole('region', { name: 'What went wrong' })).toHaveTextContent('Bad password');
  });
});
