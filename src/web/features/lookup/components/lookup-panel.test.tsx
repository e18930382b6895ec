import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { LookupAnswer } from '@/contract/lookup';
import { renderRoute, requestedUrls, stubFetch, type FakeResponse } from '@/web/lib/testing/render-route';
import { LookupPanel } from './lookup-panel';

function answer(overrides: Partial<LookupAnswer> & Pick<LookupAnswer, 'id' | 'kind'>): LookupAnswer {
  return { outcome: 'unknown', source: null, runId: null, run: null, runCount: null, observedAt: null, ...overrides };
}

const foundRun = {
  runId: 'trun_found1',
  status: 'failed',
  upstreamStatus: 'failed',
  result: 'failure',
  taskId: 'task_T1',
  createdAt: '2026-03-02T10:00:00.000Z',
  updatedAt: '2026-03-02T10:01:00.000Z',
} as const;

/** A fake `/api` answering resolve with `answers` and recent with `recent`, recording resolve bodies. */
function fakeApi(answers: LookupAnswer[] | FakeResponse, recent: unknown[] = []) {
  return stubFetch((url) => {
    if (url.pathname === '/api/lookup/resolve') return Array.isArray(answers) ? { body: { answers } } : answers;
    if (url.pathname === '/api/lookup/recent') return { body: { entries: recent } };
    return { status: 404, body: { error: { code: 'not_found', message: 'no', requestId: 'rw_1', upstreamRequestId: null } } };
  });
}

function resolveBodies(mock: ReturnType<typeof stubFetch>): unknown[] {
  const calls = mock.mock.calls as unknown as Array<[RequestInfo | URL, RequestInit | undefined]>;
  return calls.filter(([input]) => String(input).includes('/api/lookup/resolve')).map(([, init]) => JSON.parse(String(init?.body)) as unknown);
}

describe('LookupPanel', () => {
  it('opens the run of a resolved request id', async () => {
    const fetchMock = fakeApi([answer({ id: 'req_abc', kind: 'request', outcome: 'found', source: 'runwatch', runId: 'trun_found1', run: foundRun })]);
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup?q=req_abc' });
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/runs/trun_found1'));
    expect(resolveBodies(fetchMock)).toEqual([{ ids: ['req_abc'] }]);
  });

  it('opens a single run id once the lookup is recorded, even when the lookup fails', async () => {
    fakeApi({ status: 500, body: { error: { code: 'internal_error', message: 'boom', requestId: 'rw_2', upstreamRequestId: null } } });
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup?q=trun_direct9' });
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/runs/trun_direct9'));
  });

  it('explains an unknown request id and offers a search by time and task', async () => {
    fakeApi([answer({ id: 'req_missing', kind: 'request' })]);
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup?q=req_missing' });
    expect(await screen.findByText('Runwatch has not seen this request.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'No run known for this request ID' })).toBeInTheDocument();
    expect(screen.getByText(/Ask the customer for the run ID/)).toBeInTheDocument();

    const search = screen.getByRole('form', { name: 'Search runs by time and task' });
    await userEvent.type(within(search).getByLabelText('Task ID'), 'task_F3kd81Ws');
    await userEvent.type(within(search).getByLabelText('Created after (your time)'), '2026-03-02T09:00');
    await userEvent.click(within(search).getByRole('button', { name: 'Search runs' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/\?task_id=task_F3kd81Ws&created_after=2026-03-02T\d\d%3A00%3A00.000Z$/));
  });

  it('refuses a bad task id in the search and stays', async () => {
    fakeApi([answer({ id: 'req_missing', kind: 'request' })]);
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup?q=req_missing' });
    const search = await screen.findByRole('form', { name: 'Search runs by time and task' });
    await userEvent.type(within(search).getByLabelText('Task ID'), 'DROP TABLE');
    await userEvent.click(within(search).getByRole('button', { name: 'Search runs' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/A task ID starts with task_/);
    expect(screen.getByTestId('location')).toHaveTextContent('/lookup?q=req_missing');
  });

  it('lists what each id of a multi-id paste is', async () => {
    fakeApi([
      answer({ id: 'trun_found1', kind: 'run', outcome: 'found', source: 'run_index', runId: 'trun_found1', run: foundRun }),
      answer({ id: 'task_T1', kind: 'task', outcome: 'found', source: 'run_index', runCount: 4, runId: 'trun_found1', run: foundRun }),
      answer({ id: 'sess_S1', kind: 'session' }),
      answer({ id: 'agt_A1', kind: 'agent', outcome: 'found', source: 'run_index', runCount: 1, runId: 'trun_found1', run: foundRun }),
    ]);
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup?q=trun_found1+task_T1+sess_S1+agt_A1' });
    const list = await screen.findByRole('list', { name: 'Lookup results' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((row) => row.getAttribute('data-lookup-id'))).toEqual(['trun_found1', 'task_T1', 'sess_S1', 'agt_A1']);
    expect(within(rows[1]!).getByRole('link', { name: '4 runs' })).toHaveAttribute('href', '/?task_id=task_T1');
    expect(rows[2]).toHaveTextContent('does not index runs by session');
    // The list page has no agent filter: the count is said, not linked to an unfiltered list.
    expect(rows[3]).toHaveTextContent('1 run with this agent; the newest:');
    expect(within(rows[3]!).queryByRole('link', { name: '1 run' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Runwatch cannot place this ID' })).toBeInTheDocument();
  });

  it('puts only the ids of a paste into the address, and sends only them', async () => {
    const fetchMock = fakeApi([answer({ id: 'req_a1', kind: 'request' }), answer({ id: 'trun_b2', kind: 'run', outcome: 'unchecked' })]);
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup' });
    await userEvent.type(screen.getByRole('textbox'), 'key sk_live_secret, req_a1 and https://x.test/runs/trun_b2?sig=abc{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/lookup?q=req_a1+trun_b2'));
    await screen.findByRole('list', { name: 'Lookup results' });
    expect(resolveBodies(fetchMock)).toEqual([{ ids: ['req_a1', 'trun_b2'] }]);
  });

  it('explains a paste with no id without sending it anywhere', async () => {
    const fetchMock = fakeApi([]);
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup' });
    await userEvent.type(screen.getByRole('textbox'), 'sk_live_secret{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(/No run ID or request ID found/);
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/lookup$/);
    expect(requestedUrls(fetchMock).map((u) => u.pathname)).not.toContain('/api/lookup/resolve');
  });

  it('shows recent lookups that open again', async () => {
    fakeApi([], [{ ids: ['req_old1', 'task_T1'], at: '2026-03-02T10:00:00.000Z' }]);
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup' });
    const link = await screen.findByRole('link', { name: 'req_old1 task_T1' });
    expect(link).toHaveAttribute('href', '/lookup?q=req_old1+task_T1');
  });

  it('shows a retryable error when the lookup itself fails', async () => {
    fakeApi({ status: 500, body: { error: { code: 'internal_error', message: 'Runwatch had a problem.', requestId: 'rw_2', upstreamRequestId: null } } });
    renderRoute(<LookupPanel />, { path: '/lookup', initialEntry: '/lookup?q=req_boom' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Runwatch had a problem.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
