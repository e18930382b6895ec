import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunView } from '@/contract/bff';
import { renderRoute } from '@/web/lib/testing/render-route';
import { TicketActions } from './ticket-actions';

const run: RunView = {
  id: 'trun_7Wq3Dz9Kp6',
  status: 'failed',
  upstreamStatus: 'failed',
  result: 'failure',
  taskId: 'task_F3kd81Ws',
  agentId: 'agt_2Wc8Yb5m',
  sourceId: 'src_Pz4Lq0Nd',
  credentialId: null,
  sessionId: null,
  workflowId: null,
  runtimeMs: 1000,
  createdAt: '2026-03-02T11:02:10Z',
  updatedAt: '2026-03-02T11:06:33Z',
  canceledAt: null,
  output: null,
  errors: [{ type: 'auth', code: 'auth_invalid', message: 'Credentials rejected.', field: null }],
  interaction: null,
  upstreamRequestId: 'req_read01',
  sectionProblems: [],
};

const audit = {
  runId: run.id,
  entries: [
    {
      id: '1',
      at: '2026-03-02T11:03:00Z',
      action: 'run.canceled',
      outcome: 'requested',
      actor: 'operator-user',
      actorRole: 'operator',
      runId: run.id,
      subject: null,
      address: null,
      requestId: 'rw_1',
      upstreamRequestId: 'req_cancel01',
      detail: null,
    },
  ],
};

/** Runwatch's `/api` as far as these buttons use it: the run's audit, and a bundle that cannot be made. */
function stubApi() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const path = new URL(String(input), 'http://runwatch.test').pathname;
      if (path === `/api/runs/${run.id}/audit`) return Response.json(audit);
      if (path === `/api/runs/${run.id}/bundle`) {
        return Response.json(
          { error: { code: 'upstream_unavailable', message: 'the upstream is not answering', requestId: 'rw_2', upstreamRequestId: null } },
          { status: 502 },
        );
      }
      return Response.json({}, { status: 404 });
    }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

function renderActions() {
  return renderRoute(
    <TicketActions
      run={run}
      headline="Failed after 1 s — the website rejected the stored credentials (auth_invalid)"
      timeline={undefined}
      explain={() => ({ headline: 'h', explanation: 'The website refused the credentials.', nextStep: 'Update the stored credential.', caveat: null })}
      shownShot={3}
    />,
    { path: '/runs/:runId', initialEntry: `/runs/${run.id}?tab=files` },
  );
}

describe('ticket actions', () => {
  it('copies a summary with the explained error and the request ids of the run’s actions', async () => {
    stubApi();
    const user = userEvent.setup();
    renderActions();
    await user.click(screen.getByRole('button', { name: 'Copy summary' }));
    await waitFor(async () => expect(await navigator.clipboard.readText()).toContain(`### Run \`${run.id}\``));
    const text = await navigator.clipboard.readText();
    expect(text).toContain('   - Next step: Update the stored credential.');
    expect(text).toContain('- `req_cancel01` — cancel (requested) by operator-user');
    expect(text).toContain('(the status history could not be read; see the run page)');
    expect(screen.getByText('Summary copied')).toHaveAttribute('role', 'status');
  });

  it('copies a link that keeps the tab and pins the shot on screen', async () => {
    stubApi();
    const user = userEvent.setup();
    const { router } = renderActions();
    expect(router.state.location.search).toBe('?tab=files');
    // The memory router does not move window.location; the link is built from the address the browser shows.
    window.history.replaceState(null, '', `/runs/${run.id}?tab=files`);
    await user.click(screen.getByRole('button', { name: 'Share link' }));
    expect(await navigator.clipboard.readText()).toBe(`${window.location.origin}/runs/${run.id}?tab=files&shot=3`);
  });

  it('says why a bundle could not be made instead of saving an error as a file', async () => {
    stubApi();
    const user = userEvent.setup();
    renderActions();
    await user.click(screen.getByRole('button', { name: 'Download bundle' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The bundle could not be downloaded: the upstream is not answering');
  });
});
