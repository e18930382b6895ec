import { useMutation } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, RunAuditResponse } from '@/contract/audit';
import { formatTimeOfDay } from '@/web/lib/format';
import { renderRoute, requestedUrls, stubFetch } from '@/web/lib/testing/render-route';
import { RunAuditList } from './run-audit-list';

function entry(overrides: Partial<AuditEntry>): AuditEntry {
  return {
    id: '1',
    at: new Date().toISOString(),
    action: 'interaction.submitted',
    outcome: 'accepted',
    actor: 'alice',
    actorRole: 'operator',
    runId: 'trun_1',
    subject: null,
    address: null,
    requestId: 'rw_1',
    upstreamRequestId: 'req_1',
    detail: 'mfa',
    ...overrides,
  };
}

describe('RunAuditList', () => {
  it("tells the run's story: who did what, when, and how it went", async () => {
    const at = new Date();
    at.setHours(14, 2, 0, 0);
    const body: RunAuditResponse = {
      runId: 'trun_1',
      entries: [
        entry({ id: '1', at: at.toISOString(), outcome: 'rejected', detail: 'mfa: invalid_interaction' }),
        entry({ id: '2', at: at.toISOString() }),
        entry({ id: '3', at: at.toISOString(), action: 'run.canceled', actor: 'bo', detail: 'canceling', outcome: 'requested' }),
        entry({ id: '4', at: at.toISOString(), action: 'run.canceled', actor: 'cy', detail: 'canceled', outcome: 'canceled' }),
      ],
    };
    const fetchMock = stubFetch(() => ({ body }));
    renderRoute(<RunAuditList runId="trun_1" />);
    const list = await screen.findByRole('list', { name: 'Actions on this run' });
    const items = within(list).getAllByRole('listitem');
    // Today's entries show the time with its zone.
    const time = formatTimeOfDay(at);
    expect(time).toMatch(/\d{2}:\d{2}.*\S+$/);
    expect(items[0]).toHaveTextContent(`Code submitted by alice at ${time} — rejected invalid_interaction`);
    expect(items[0]).toHaveAttribute('data-audit-outcome', 'rejected');
    expect(items[1]).toHaveTextContent(`Code submitted by alice at ${time} — accepted`);
    // A cancel is a request until the run is seen canceled; neither shows a failure code.
    expect(items[2]).toHaveTextContent(`Cancel requested by bo at ${time} — requested`);
    expect(items[2]).not.toHaveTextContent('canceling');
    expect(items[3]).toHaveTextContent(`Cancel requested by cy at ${time} — canceled`);
    expect(requestedUrls(fetchMock).map((u) => u.pathname)).toEqual(['/api/runs/trun_1/audit']);
  });

  it('says so when nobody acted on the run', async () => {
    stubFetch(() => ({ body: { runId: 'trun_2', entries: [] } }));
    renderRoute(<RunAuditList runId="trun_2" />);
    expect(await screen.findByText('Nobody has answered or canceled this run from Runwatch.')).toBeInTheDocument();
  });

  it("reloads the run's actions when someone on the page acts on the run", async () => {
    let entries: AuditEntry[] = [];
    stubFetch(() => ({ body: { runId: 'trun_3', entries } }));
    function CancelProbe() {
      const cancel = useMutation({ mutationKey: ['runs', 'cancel', 'trun_3'], mutationFn: async () => 'ok' });
      return (
        <button type="button" onClick={() => cancel.mutate()}>
          cancel
        </button>
      );
    }
    renderRoute(
      <>
        <RunAuditList runId="trun_3" />
        <CancelProbe />
      </>,
    );
    await screen.findByText('Nobody has answered or canceled this run from Runwatch.');
    entries = [entry({ action: 'run.canceled', actor: 'olga', runId: 'trun_3' })];
    await userEvent.click(screen.getByRole('button', { name: 'cancel' }));
    await waitFor(() => expect(screen.getByRole('list', { name: 'Actions on this run' })).toHaveTextContent('Cancel requested by olga'));
  });
});
