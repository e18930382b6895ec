import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditListResponse } from '@/contract/audit';
import { renderRoute, requestedUrls, stubFetch } from '@/web/lib/testing/render-route';
import { AuditLog } from './audit-log';

function entry(id: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: String(id),
    at: new Date(Date.UTC(2025, 2, 1, 12, id)).toISOString(),
    action: 'session.signed_in',
    outcome: 'accepted',
    actor: `user${id}`,
    actorRole: 'viewer',
    runId: null,
    subject: null,
    address: '10.0.0.1',
    requestId: `rw_${id}`,
    upstreamRequestId: null,
    detail: null,
    ...overrides,
  };
}

const auditUrls = (mock: ReturnType<typeof stubFetch>) => requestedUrls(mock).filter((u) => u.pathname === '/api/audit');

describe('AuditLog', () => {
  it('lists entries, newest first, with links to runs and a CSV export of the same view', async () => {
    const page: AuditListResponse = {
      entries: [entry(2, { action: 'run.canceled', runId: 'trun_9', actor: 'olga', actorRole: 'operator', upstreamRequestId: 'req_7' }), entry(1)],
      nextCursor: null,
    };
    stubFetch(() => ({ body: page }));
    renderRoute(<AuditLog />, { initialEntry: '/?actor=olga' });
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Cancel requested');
    expect(rows[0]).toHaveTextContent('olga(operator)');
    // The run link sits in its column and, for phones, under the action (CSS shows one of the two).
    const runLinks = within(rows[0]!).getAllByRole('link', { name: 'trun_9' });
    expect(runLinks.length).toBeGreaterThan(0);
    for (const link of runLinks) expect(link).toHaveAttribute('href', '/runs/trun_9');
    expect(rows[1]).toHaveTextContent('Signed in');
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/audit.csv?actor=olga');
  });

  it('applies filters through the address bar and the API query', async () => {
    const fetchMock = stubFetch(() => ({ body: { entries: [entry(1)], nextCursor: null } }));
    const { router } = renderRoute(<AuditLog />);
    await screen.findByRole('table', { name: 'Audit log' });
    await userEvent.type(screen.getByLabelText('Actor'), 'alice');
    await userEvent.selectOptions(screen.getByLabelText('Action'), 'interaction.submitted');
    await userEvent.type(screen.getByLabelText('Run ID'), 'trun_abc');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(router.state.location.search).toBe('?actor=alice&action=interaction.submitted&runId=trun_abc'));
    await waitFor(() => expect(auditUrls(fetchMock).at(-1)?.search).toBe('?actor=alice&action=interaction.submitted&runId=trun_abc&limit=50'));
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/audit.csv?actor=alice&action=interaction.submitted&runId=trun_abc');
  });

  it('loads older pages with the cursor', async () => {
    const fetchMock = stubFetch((url) =>
      url.searchParams.get('cursor') === '5'
        ? { body: { entries: [entry(4, { actor: 'older' })], nextCursor: null } }
        : { body: { entries: [entry(6, { actor: 'newer' })], nextCursor: '5' } },
    );
    renderRoute(<AuditLog />);
    await userEvent.click(await screen.findByRole('button', { name: 'Show older entries' }));
    expect((await screen.findAllByText('older')).length).toBeGreaterThan(0);
    expect(screen.getAllByText('newer').length).toBeGreaterThan(0);
    expect(auditUrls(fetchMock).map((u) => u.searchParams.get('cursor'))).toEqual([null, '5']);
    expect(screen.queryByRole('button', { name: 'Show older entries' })).not.toBeInTheDocument();
  });

  it('stacks who, when, which run and the request id under the action for phones', async () => {
    stubFetch(() => ({
      body: {
        entries: [entry(3, { action: 'run.canceled', runId: 'trun_5', actor: 'olga', actorRole: 'operator', detail: 'from the run page' })],
        nextCursor: null,
      },
    }));
    renderRoute(<AuditLog />);
    const details = await screen.findByTestId('audit-entry-details');
    expect(details).toHaveTextContent('Whoolga(operator)');
    expect(details).toHaveTextContent('Runtrun_5');
    expect(details).toHaveTextContent('From10.0.0.1');
    expect(details).toHaveTextContent('Requestrw_3');
    expect(details).toHaveTextContent('Detailfrom the run page');
    expect(within(details).getByText(/2025/)).toHaveAttribute('datetime', '2025-03-01T12:03:00.000Z');
  });

  it('tells non-admins why they cannot see it', async () => {
    stubFetch(() => ({
      status: 403,
      body: { error: { code: 'forbidden', message: 'this needs the admin role', requestId: 'rw_1', upstreamRequestId: null } },
    }));
    renderRoute(<AuditLog />);
    expect(await screen.findByText('Only admins can see the audit log')).toBeInTheDocument();
  });
});
