import { notifyManager } from '@tanstack/react-query';
import { act, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunView } from '@/contract/bff';
import { apiErrorBody, installFakeApi, type FakeApi, type FakeReply } from '@/web/features/run-detail/testing/fake-api';
import { renderAtRunRoute } from '@/web/features/run-detail/testing/render-run-page';
import { makeRun, MFA_INTERACTION, RUN_ID, runResponse, timelineOf } from '@/web/features/run-detail/testing/run-fixtures';
import { RunPage } from './run-page';

/** Lets timers, fetch promises and React updates run for `ms` of fake time. */
async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
    // Responses settle through a few zero-delay timers (React Query batches notifications).
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

describe('run page polling', () => {
  let run: RunView;
  let detailReply: (() => FakeReply) | null;
  let api: FakeApi;
  const detailCalls = () => api.callsTo(`/api/runs/${RUN_ID}`).filter((call) => call.path === `/api/runs/${RUN_ID}`).length;
  const runCalls = () => api.callsTo('/api/runs').length;

  beforeAll(async () => {
    // The page loads these sections (and its no-run states) when it needs them; with them loaded up front, what the
    // tests advance is fake time alone, not the real time a first import takes.
    await Promise.all([
      import('@/web/features/interaction/components/interaction-panel'),
      import('@/web/features/run-errors/components/error-panel'),
      import('@/web/features/run-errors/utils/failure-headline'),
      import('@/web/features/run-detail/components/invalid-run-id-state'),
      import('@/web/features/run-detail/components/run-unavailable-state'),
    ]);
  });

  beforeEach(() => {
    vi.useFakeTimers();
    // Fake timers turn a zero-delay timeout set during a tick into 1 ms; delivering React Query's
    // notifications as microtasks keeps every assertion at the exact time the test names.
    notifyManager.setScheduler(queueMicrotask);
    run = makeRun({ status: 'running' });
    detailReply = null;
    api = installFakeApi((request) => {
      if (request.path === '/api/session') return { body: { user: { name: 'Ola', role: 'operator' } } };
      if (request.path === `/api/runs/${RUN_ID}/timeline`) return { body: timelineOf(['queued', run.status]) };
      if (request.path === `/api/runs/${RUN_ID}`) return detailReply ? detailReply() : { body: runResponse(run) };
      return { status: 404, body: apiErrorBody('not_found', 'No such route') };
    });
  });

  afterEach(() => {
    setTabHidden(false);
    notifyManager.setScheduler((callback) => setTimeout(callback, 0));
    vi.useRealTimers();
  });

  it('makes no request at all once the run reaches a terminal status', async () => {
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    expect(detailCalls()).toBe(1);
    expect(screen.getByTestId('run-summary')).toHaveTextContent('Running');

    run = makeRun({ status: 'completed', result: 'success', output: { ok: true } });
    await advance(3_000);
    expect(detailCalls()).toBe(2);
    expect(screen.getByTestId('run-summary')).toHaveTextContent('Completed');
    expect(screen.getByText('Final')).toBeInTheDocument();
    await advance(100); // the timeline refetch the status change triggers
    const settled = runCalls();

    await advance(10 * 60_000);
    setTabHidden(true);
    setTabHidden(false);
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
    await advance(60_000);
    expect(runCalls()).toBe(settled);
  });

  it('loads a run that is already final once and never again', async () => {
    run = makeRun({ status: 'failed', result: 'failure', errors: [{ type: 'auth', code: 'auth_invalid', message: 'Bad password', field: null }] });
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    await advance(0);
    const settled = runCalls();
    expect(detailCalls()).toBe(1);
    await advance(5 * 60_000);
    expect(runCalls()).toBe(settled);
  });

  it('polls every second while a person is needed and every three seconds otherwise', async () => {
    run = makeRun({ status: 'interaction_required', interaction: MFA_INTERACTION });
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    expect(detailCalls()).toBe(1);
    await advance(1_000);
    expect(detailCalls()).toBe(2);
    await advance(1_000);
    expect(detailCalls()).toBe(3);

    run = makeRun({ status: 'running' });
    await advance(1_000);
    expect(detailCalls()).toBe(4); // this poll sees `running`
    await advance(2_000);
    expect(detailCalls()).toBe(4);
    await advance(1_000);
    expect(detailCalls()).toBe(5);
  });

  it('waits as long as a 503 Retry-After asks and keeps the last good data on screen', async () => {
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    expect(detailCalls()).toBe(1);

    detailReply = () => ({ status: 503, body: apiErrorBody('upstream_busy', 'Upstream busy'), headers: { 'retry-after': '20' } });
    await advance(3_000);
    expect(detailCalls()).toBe(2);
    expect(screen.getByText(/Reconnecting/)).toBeInTheDocument();
    expect(screen.getByTestId('run-summary')).toHaveTextContent('Running');

    await advance(19_000);
    expect(detailCalls()).toBe(2);
    detailReply = null;
    await advance(1_500);
    expect(detailCalls()).toBe(3);
    expect(screen.getByText(/Live · updated/)).toBeInTheDocument();
  });

  it('backs off exponentially while polls keep failing', async () => {
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    detailReply = () => ({ status: 502, body: apiErrorBody('upstream_unreachable', 'Upstream down') });
    await advance(3_000); // failure 1 -> wait 3 s
    expect(detailCalls()).toBe(2);
    await advance(3_000); // failure 2 -> wait 6 s
    expect(detailCalls()).toBe(3);
    await advance(5_000);
    expect(detailCalls()).toBe(3);
    await advance(1_000); // failure 3 -> wait 12 s
    expect(detailCalls()).toBe(4);
    await advance(11_000);
    expect(detailCalls()).toBe(4);
    await advance(1_000);
    expect(detailCalls()).toBe(5);
  });

  it('pauses while the tab is hidden and refetches when it is shown again', async () => {
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    setTabHidden(true);
    await advance(0);
    expect(screen.getByText('Paused (tab hidden)')).toBeInTheDocument();
    const before = detailCalls();
    await advance(30_000);
    expect(detailCalls()).toBe(before);

    setTabHidden(false);
    await advance(0);
    expect(detailCalls()).toBe(before + 1);
  });

  it('says why the data is stale, stops the runtime and drops the live look', async () => {
    run = makeRun({ status: 'running', runtimeMs: 60_000 });
    detailReply = () => ({ body: runResponse(run, { stale: true, ageSeconds: 42, staleReason: 'upstream_unavailable' }) });
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    expect(screen.getByText(/Stale — upstream unavailable, retrying/)).toBeInTheDocument();
    const runtime = screen.getByTestId('run-runtime');
    expect(runtime).toHaveAttribute('data-ticking', 'false');
    expect(runtime).toHaveTextContent('as of the last update');
    const shown = runtime.textContent;
    await advance(5_000);
    expect(screen.getByTestId('run-runtime').textContent).toBe(shown);
    expect(screen.getByRole('banner')).toHaveAttribute('data-outdated', 'true');
    expect(screen.getByRole('banner').querySelector('[data-status="running"]')).toHaveAttribute('data-frozen', 'true');
  });

  it.each([
    ['upstream_rate_limited', 'Stale — upstream rate-limited us, retrying'],
    ['budget_exhausted', 'Stale — request budget busy, showing the last copy'],
  ] as const)('names the stale reason %s', async (staleReason, text) => {
    detailReply = () => ({ body: runResponse(run, { stale: true, ageSeconds: 3, staleReason }) });
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    expect(screen.getByText(new RegExp(text))).toBeInTheDocument();
  });

  it('keeps the runtime counting while the copy is current', async () => {
    run = makeRun({ status: 'running', runtimeMs: 60_000 });
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    expect(screen.getByTestId('run-runtime')).toHaveAttribute('data-ticking', 'true');
  });

  it('polls a run with an unrecognised status at the active cadence', async () => {
    run = makeRun({ status: null, upstreamStatus: 'paused_for_audit' });
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    expect(detailCalls()).toBe(1);
    await advance(3_000);
    expect(detailCalls()).toBe(2);
    await advance(3_000);
    expect(detailCalls()).toBe(3);
  });

  it('keeps the ids of the first failed update stable while later ones fail too', async () => {
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    let attempt = 0;
    detailReply = () => {
      attempt += 1;
      return {
        status: 502,
        body: { error: { code: 'upstream_error', message: 'Bad gateway', requestId: `rw_${attempt}`, upstreamRequestId: `req_fail_${attempt}` } },
      };
    };
    await advance(3_000);
    const ids = () => screen.getByTestId('failed-read-ids');
    expect(ids()).toHaveTextContent('req_fail_1');
    expect(ids()).toHaveTextContent('rw_1');
    await advance(6_000);
    expect(attempt).toBe(2);
    expect(ids()).toHaveTextContent('req_fail_1');
    expect(ids()).not.toHaveTextContent('req_fail_2');

    detailReply = null;
    await advance(12_000);
    expect(screen.queryByTestId('failed-read-ids')).not.toBeInTheDocument();
  });

  it("explains a refusal of the organisation's plan instead of 'updates are failing'", async () => {
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    detailReply = () => ({ status: 502, body: apiErrorBody('upstream_organization_blocked', 'Plan does not allow this', 'req_org_1') });
    await advance(3_000);
    expect(screen.getByText('The organisation’s plan does not allow this')).toBeInTheDocument();
    expect(screen.getByTestId('failed-read-ids')).toHaveTextContent('req_org_1');
  });

  it('announces status changes to screen readers and puts the status in the tab title', async () => {
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    expect(document.title).toContain('Running');
    expect(screen.getByTestId('status-announcer')).toHaveTextContent('');

    run = makeRun({ status: 'interaction_required', interaction: MFA_INTERACTION });
    await advance(3_000);
    expect(document.title).toContain('Needs input');
    expect(screen.getByTestId('status-announcer')).toHaveTextContent('Run status changed to Needs input');
  });

  it('rejects a malformed id without making any request', async () => {
    renderAtRunRoute(<RunPage />, '/runs/not-a-run-id');
    await advance(10_000);
    expect(screen.getByText('That is not a run id')).toBeInTheDocument();
    expect(api.calls).toHaveLength(0);
  });

  it('shows "Run not found" for a 404 and stops asking', async () => {
    detailReply = () => ({ status: 404, body: apiErrorBody('run_not_found', 'No run with this id') });
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    expect(screen.getByText('Run not found')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Back to runs/ })).toHaveAttribute('href', '/');
    await advance(60_000);
    expect(detailCalls()).toBe(1);
  });

  it('shows a designed state when the upstream is down and there is no data, and recovers by itself', async () => {
    detailReply = () => ({ status: 504, body: apiErrorBody('upstream_timeout', 'Upstream timed out', 'req_up_1') });
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await advance(0);
    expect(screen.getByText('The Task Run API is not answering')).toBeInTheDocument();
    expect(screen.getByText('req_up_1')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Try again/ })).toBeInTheDocument();

    detailReply = null;
    await advance(3_000);
    expect(screen.getByTestId('run-summary')).toHaveTextContent('Running');
  });
});
