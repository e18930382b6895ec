import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RunView } from '@/contract/bff';
import { apiErrorBody, installFakeApi, type FakeReply } from '@/web/features/run-detail/testing/fake-api';
import { renderAtRunRoute } from '@/web/features/run-detail/testing/render-run-page';
import { makeRun, MFA_INTERACTION, RUN_ID, runResponse, timelineOf } from '@/web/features/run-detail/testing/run-fixtures';
import { RunPage } from './run-page';

type Role = 'viewer' | 'operator' | 'admin' | null;

function serve(run: RunView, role: Role, extra: (path: string, method: string) => FakeReply | null = () => null, options: { cancelReturnsRun?: boolean } = {}) {
  let current = run;
  const api = installFakeApi((request) => {
    const handled = extra(request.path, request.method);
    if (handled) return handled;
    if (request.path === '/api/session') {
      return role ? { body: { user: { name: 'Kim', role } } } : { status: 401, body: apiErrorBody('unauthenticated', 'Sign in') };
    }
    if (request.path === `/api/runs/${RUN_ID}/timeline`) return { body: timelineOf(['queued', current.status]) };
    if (request.path === `/api/runs/${RUN_ID}/cancel` && request.method === 'POST') {
      current = { ...current, status: 'canceling', upstreamStatus: 'canceling' };
      if (options.cancelReturnsRun === false) return { body: { accepted: true, run: null, freshness: null } };
      const fresh = runResponse({ ...current, input: undefined, files: undefined, screenshots: undefined, vaultedFields: undefined });
      return { body: { accepted: true, ...fresh } };
    }
    if (request.path === `/api/runs/${RUN_ID}`) return { body: runResponse(current) };
    return { status: 404, body: apiErrorBody('not_found', 'No route') };
  });
  return api;
}

describe('RunPage', () => {
  it('lets an operator cancel after a confirmation that states the consequence', async () => {
    const api = serve(makeRun({ status: 'running' }), 'operator');
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Cancel run…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel this run?' });
    expect(dialog).toHaveTextContent('cannot be resumed');
    expect(api.callsTo(`/api/runs/${RUN_ID}/cancel`)).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel run' }));
    expect(await screen.findByText('Canceling — the agent is winding down.')).toBeInTheDocument();
    expect(api.callsTo(`/api/runs/${RUN_ID}/cancel`, 'POST')).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Cancel run…' })).not.toBeInTheDocument();
    // Sections the cancel answer left out are kept from the detail.
    expect(screen.getByRole('tab', { name: /Input/ })).toHaveTextContent('Input');
  });

  it('gives viewers no cancel and a read-only prompt', async () => {
    serve(makeRun({ status: 'interaction_required', interaction: MFA_INTERACTION }), 'viewer');
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    expect(await screen.findByText(/An operator can answer this/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel run…' })).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'One-time code' })).not.toBeInTheDocument();
  });

  it('treats an unknown session as "cannot operate"', async () => {
    serve(makeRun({ status: 'interaction_required', interaction: MFA_INTERACTION }), null);
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    expect(await screen.findByText(/An operator can answer this/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel run…' })).not.toBeInTheDocument();
  });

  it('lets operators answer the prompt', async () => {
    serve(makeRun({ status: 'interaction_required', interaction: MFA_INTERACTION }), 'admin');
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    expect(await screen.findByRole('textbox', { name: 'One-time code' })).toHaveFocus();
  });

  it('shows the review banner without any action', async () => {
    serve(makeRun({ status: 'review_required', upstreamStatus: 'pending' }), 'operator');
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    expect(await screen.findByText('Finished — awaiting review')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /approve|reject/i })).not.toBeInTheDocument();
  });

  it('shows every related id with a copy button, and the upstream spelling of the status', async () => {
    serve(makeRun({ status: 'canceling', upstreamStatus: 'cancelling', workflowId: 'wflo_7Tq' }), 'viewer');
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await screen.findByTestId('run-summary');
    for (const label of ['run', 'task', 'source', 'credential', 'agent', 'session', 'workflow', 'read by request']) {
      expect(screen.getByRole('button', { name: `Copy ${label} id` })).toBeInTheDocument();
    }
    expect(screen.getAllByText('(upstream: cancelling)').length).toBeGreaterThan(0);
  });

  it('leads a failed run with the explained cause and the error panel', async () => {
    serve(
      makeRun({
        status: 'failed',
        result: 'failure',
        runtimeMs: 263_004,
        errors: [{ type: 'auth', code: 'auth_invalid', message: '<script>alert(1)</script>', field: null }],
      }),
      'viewer',
    );
    const { container } = renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    expect(await screen.findByTestId('run-summary')).toHaveTextContent('Failed after 4 m 23 s — the website rejected the stored credentials (auth_invalid).');
    expect(screen.getByRole('heading', { level: 1 })).toBe(screen.getByTestId('run-summary'));
    expect(screen.getByText('<script>alert(1)</script>')).toBeInTheDocument();
    expect(container.querySelector('main script, script')).toBeNull();
    expect(document.title).toBe(`Failed · ${RUN_ID} · Runwatch`);
  });

  it('refetches the run when a cancel was accepted without one', async () => {
    const api = serve(makeRun({ status: 'running' }), 'operator', () => null, { cancelReturnsRun: false });
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Cancel run…' }));
    const before = api.callsTo(`/api/runs/${RUN_ID}`).filter((call) => call.path === `/api/runs/${RUN_ID}`).length;
    await user.click(within(await screen.findByRole('dialog', { name: 'Cancel this run?' })).getByRole('button', { name: 'Cancel run' }));
    expect(await screen.findByText('Canceling — the agent is winding down.')).toBeInTheDocument();
    expect(api.callsTo(`/api/runs/${RUN_ID}`).filter((call) => call.path === `/api/runs/${RUN_ID}`).length).toBeGreaterThan(before);
  });

  it('shows a status it does not know raw, marked, and treats the run as still going', async () => {
    serve(makeRun({ status: null, upstreamStatus: 'paused_for_audit' }), 'operator');
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    expect(await screen.findByTestId('run-summary')).toHaveTextContent('Status “paused_for_audit” — Runwatch does not recognise it');
    const header = screen.getByRole('banner');
    expect(within(header).getByText('paused_for_audit')).toBeInTheDocument();
    expect(within(header).getByText(/unrecognised status/)).toBeInTheDocument();
    expect(document.querySelector('[data-run-status]')).toHaveAttribute('data-run-status', 'unrecognised');
    expect(screen.queryByText('Final')).not.toBeInTheDocument();
    expect(document.title).toBe(`paused_for_audit (unrecognised) · ${RUN_ID} · Runwatch`);
  });

  it('says a canceled run has no result rather than "no result yet"', async () => {
    serve(makeRun({ status: 'canceled', canceledAt: '2026-03-02T10:15:00Z' }), 'viewer');
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await screen.findByTestId('run-summary');
    expect(screen.getByText('No result — canceled')).toBeInTheDocument();
    expect(screen.queryByText('No result yet')).not.toBeInTheDocument();
  });

  it('marks sections the server could read only in part, and says "none captured" for empty ones', async () => {
    serve(
      makeRun({
        status: 'completed',
        result: 'success',
        input: null,
        screenshots: [],
        sectionProblems: [
          { section: 'screenshots', problem: '2 of 40 screenshots could not be read' },
          { section: 'labels', problem: 'labels were not a list' },
        ],
      }),
      'viewer',
    );
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    await screen.findByTestId('run-summary');
    // The cards below the header follow the header's first render.
    const gallery = await screen.findByRole('region', { name: /Screenshots/ });
    expect(within(gallery).getByText('Screenshots: partly unreadable')).toBeInTheDocument();
    expect(within(gallery).getByText('2 of 40 screenshots could not be read')).toBeInTheDocument();
    expect(within(gallery).getByTestId('screenshots-none')).toHaveTextContent('None captured');
    // A part the page has no section for is still named.
    expect(screen.getByText('labels were not a list')).toBeInTheDocument();
    // The input tab's code loads when the tab is first opened.
    await act(async () => {
      await userEvent.setup().click(screen.getByRole('tab', { name: /Input/ }));
    });
    expect(await screen.findByTestId('input-none', undefined, { timeout: 5_000 })).toHaveTextContent('None captured');
  });

  it('tells support to quote the run id on a failed run, and names the read request id as such', async () => {
    serve(
      makeRun({
        status: 'failed',
        result: 'failure',
        errors: [{ type: 'task', code: 'timeout', message: 'The run exceeded its 3 minute time limit.', field: null }],
      }),
      'viewer',
    );
    renderAtRunRoute(<RunPage />, `/runs/${RUN_ID}`);
    const ids = await screen.findByTestId('support-ids');
    expect(ids).toHaveTextContent(`Quote the run id ${RUN_ID}`);
    expect(ids).toHaveTextContent('This copy was read by upstream request req_d41c7b2e90');
    // The upstream's own limit wins over the default.
    expect(screen.getByText(/time limit of 3 minutes/)).toBeInTheDocument();
    expect(screen.queryByText(/30 minutes/)).not.toBeInTheDocument();
  });
});
